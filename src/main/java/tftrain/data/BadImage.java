package tftrain.data;

import java.nio.file.Path;

/** A file that could not be read or decoded, and why (TensorFlow's or the file system's first line). */
public record BadImage(Path path, String reason) {}
