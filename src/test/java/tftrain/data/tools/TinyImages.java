package tftrain.data.tools;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Tiny real images written by ImageIO, so the tools are tested on files any decoder accepts. */
public final class TinyImages {

  private TinyImages() {}

  /** The bytes of a 4x4 image in {@code format} ("jpg" or "png"), tinted by {@code seed} so files differ. */
  public static byte[] bytes(String format, int seed) {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        image.setRGB(x, y,
            new Color((seed * 37 + x * 50) % 256, (seed * 91 + y * 60) % 256, (seed * 13) % 256).getRGB());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes a tiny image to {@code file}, its format taken from the extension; returns the file. */
  public static Path write(Path file, int seed) throws IOException {
    String name = file.getFileName().toString();
    String format = name.endsWith(".png") ? "png" : "jpg";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, bytes(format, seed));
    return file;
  }
}
