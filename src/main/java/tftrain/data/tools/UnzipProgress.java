package tftrain.data.tools;

/** Told how far an extraction has come; the CLI draws a progress bar from it, tests ignore it. */
public interface UnzipProgress {

  /** Reports nothing. */
  UnzipProgress NONE =
      new UnzipProgress() {
        @Override
        public void started(long totalBytes, int fileCount) {}

        @Override
        public void extracted(long bytes) {}
      };

  /** Called once every check has passed, just before the first file is written. */
  void started(long totalBytes, int fileCount);

  /** Called as {@code bytes} more have been written. */
  void extracted(long bytes);
}
