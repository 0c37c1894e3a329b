package tftrain.data.tools;

/**
 * What {@link SafeUnzipper#unzip} did.
 *
 * @param files files written
 * @param replacedFiles of those, how many replaced an existing file ({@code --overwrite})
 * @param directories folder entries created
 * @param bytes bytes written
 * @param symbolicLinksSkipped symbolic links that pointed inside the folder and were left out, since no image
 *     dataset needs one and every link is a way out
 * @param macMetadataSkipped {@code __MACOSX/} entries left out, which would otherwise look like a class folder
 */
public record UnzipResult(
    int files, int replacedFiles, int directories, long bytes, int symbolicLinksSkipped, int macMetadataSkipped) {}
