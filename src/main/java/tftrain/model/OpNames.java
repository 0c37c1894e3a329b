package tftrain.model;

/**
 * The names of the graph's inputs and outputs, in one place, so that the trainer, the exporter, tests and
 * anyone reading a SavedModel agree on them.
 */
public final class OpNames {

  /** Float images [N, S, S, 3], already normalized. */
  public static final String IMAGES = "images";
  /** A training step's batch before in-graph augmentation (random crops, colour jitter) makes the network's input. */
  public static final String TRAINING_IMAGES = "training_images";
  /** Encoded image files (JPEG/PNG/BMP/GIF) as a string batch [N]. */
  public static final String IMAGE_BYTES = "image_bytes";
  /** Class indices [N], int32. */
  public static final String LABELS = "labels";
  public static final String LOGITS = "logits";
  public static final String PROBABILITIES = "probabilities";
  public static final String CLASSES = "classes";
  /** Dropout rate fed during training; 0 (the default) everywhere else. */
  public static final String DROPOUT_RATE = "dropout_rate";
  /** Seed of the stateless dropout masks [2], fed per step so that steps are reproducible. */
  public static final String DROPOUT_SEED = "dropout_seed";
  public static final String LEARNING_RATE = "learning_rate";
  public static final String LOSS = "loss";
  public static final String CORRECT_COUNT = "correct_count";
  public static final String TRAIN_STEP = "train_step";
  /** Per-image horizontal/vertical flip flags [N] of the training pipeline. */
  public static final String FLIP = "flip";

  /** The signature that takes encoded image files. */
  public static final String BYTES_SIGNATURE = "serving_default";
  /** The signature that takes already preprocessed float images. */
  public static final String FLOAT_SIGNATURE = "preprocessed";
  /** The method name TensorFlow Serving expects of a predict signature. */
  public static final String PREDICT_METHOD = "tensorflow/serving/predict";

  private OpNames() {}
}
