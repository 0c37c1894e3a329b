package tftrain.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes tiny image data sets for tests: classes that differ by colour (so flips do not confuse them),
 * with seeded noise so no two images are the same.
 */
public final class TestImages {

  /** Red-ish, blue-ish, green-ish…: the dominant channel of class i is i % 3. */
  public static final List<String> CLASS_NAMES = List.of("blue", "red", "green");

  private TestImages() {}

  /** One image of {@code classIndex}'s colour with noise, {@code width}×{@code height}. */
  public static BufferedImage image(int classIndex, int width, int height, Random random) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int channel = classIndex % 3;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
          rgb[c] = c == channel ? 150 + random.nextInt(100) : random.nextInt(90);
        }
        image.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
      }
    }
    return image;
  }

  /**
   * A photo-like picture: a smooth two-colour gradient, a few antialiased shapes with sharp edges and mild
   * sensor-like noise (Gaussian, sigma 4 of 255), so a JPEG of it has a photo's mix of flat areas, edges and
   * fine texture; solid colours would hide any difference between two decoders.
   */
  public static BufferedImage photoLike(int width, int height, Random random) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] from = {random.nextInt(200) + 30, random.nextInt(200) + 30, random.nextInt(200) + 30};
    int[] to = {random.nextInt(200) + 30, random.nextInt(200) + 30, random.nextInt(200) + 30};
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double t = (x / (double) width + y / (double) height) / 2;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
          rgb = (rgb << 8) | (int) Math.round(from[c] * (1 - t) + to[c] * t);
        }
        image.setRGB(x, y, rgb);
      }
    }
    java.awt.Graphics2D graphics = image.createGraphics();
    graphics.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
    for (int shape = 0; shape < 8; shape++) {
      graphics.setColor(new java.awt.Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
      int x = random.nextInt(width);
      int y = random.nextInt(height);
      int w = width / 20 + random.nextInt(width / 3);
      int h = height / 20 + random.nextInt(height / 3);
      if (shape % 2 == 0) {
        graphics.fillOval(x - w / 2, y - h / 2, w, h);
      } else {
        graphics.fillRect(x - w / 2, y - h / 2, w, h);
      }
    }
    graphics.dispose();
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int rgb = 0;
        for (int c = 2; c >= 0; c--) {
          int value = (row[x] >> (8 * c)) & 0xFF;
          rgb = (rgb << 8) | Math.max(0, Math.min(255, value + (int) Math.round(random.nextGaussian() * 4)));
        }
        row[x] = rgb;
      }
      image.setRGB(0, y, width, 1, row, 0, width);
    }
    return image;
  }

  /** Writes {@code image} as "jpg", "png", "bmp" or "gif". */
  public static Path write(BufferedImage image, Path file, String format) {
    try {
      Files.createDirectories(file.getParent());
      if (!ImageIO.write(image, format, file.toFile())) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code root/<class>/<class>.<n>.jpg} for the first {@code classes} class names, {@code perClass}
   * images each, sizes varying around {@code size} so the pipeline must resize.
   */
  public static Path imageFolder(Path root, int classes, int perClass, int size, long seed) {
    Random random = new Random(seed);
    for (int label = 0; label < classes; label++) {
      String name = CLASS_NAMES.get(label);
      for (int n = 0; n < perClass; n++) {
        int width = size + random.nextInt(size / 2 + 1);
        int height = size + random.nextInt(size / 2 + 1);
        write(image(label, width, height, random), root.resolve(name).resolve(name + "." + n + ".jpg"), "jpg");
      }
    }
    return root;
  }

  /** {@code jpeg} with an APP1 EXIF block right after SOI holding only the orientation tag. */
  public static byte[] withExifOrientation(byte[] jpeg, int orientation, java.nio.ByteOrder order) {
    java.nio.ByteBuffer tiff = java.nio.ByteBuffer.allocate(8 + 2 + 12 + 4).order(order);
    tiff.put(order == java.nio.ByteOrder.LITTLE_ENDIAN ? new byte[] {'I', 'I', 42, 0} : new byte[] {'M', 'M', 0, 42});
    tiff.putInt(8).putShort((short) 1);
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    tiff.putInt(0);
    byte[] exif = tiff.array();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    int length = 2 + 6 + exif.length;
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length,
        'E', 'x', 'i', 'f', 0, 0});
    out.writeBytes(exif);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** Cuts every image below {@code folder} to its first half: headers intact, data truncated, none decodes. */
  public static void cutInHalf(Path folder) throws java.io.IOException {
    for (Path image : tftrain.data.ImageFiles.listRecursively(folder)) {
      byte[] bytes = java.nio.file.Files.readAllBytes(image);
      java.nio.file.Files.write(image, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }
  }

  /** {@code root/train} and {@code root/val} image folders. */
  public static Path trainValFolders(Path root, int classes, int trainPerClass, int valPerClass, int size, long seed) {
    imageFolder(root.resolve("train"), classes, trainPerClass, size, seed);
    imageFolder(root.resolve("val"), classes, valPerClass, size, seed + 1);
    return root;
  }
}
