package tftrain.data;

/** Per-channel (x - mean) / std applied to pixels scaled to [0, 1]. */
public enum Normalization {
  /** mean 0.5, std 0.5: pixels to [-1, 1], the seed's training choice. */
  HALF(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f}),
  /** The ImageNet statistics torchvision's pretrained models use. */
  IMAGENET(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

  private final float[] mean;
  private final float[] std;

  Normalization(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  public float[] mean() {
    return mean.clone();
  }

  public float[] std() {
    return std.clone();
  }
}
