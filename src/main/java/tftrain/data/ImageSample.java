package tftrain.data;

import java.nio.file.Path;

/** One image file and the index of its class. */
public record ImageSample(Path path, int label) {}
