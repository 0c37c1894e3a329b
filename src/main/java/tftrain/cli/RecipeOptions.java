package tftrain.cli;

import picocli.CommandLine.Option;
import tftrain.data.Augmentation;
import tftrain.data.Normalization;
import tftrain.data.TrainingCrop;
import tftrain.model.InitScheme;
import tftrain.train.Recipe;
import tftrain.train.TrainingConfig;
import tftrain.train.TrainingConfig.Defaults;

/** {@code train}'s recipe options: the network's inputs, regularization, start and seed. */
final class RecipeOptions {

  @Option(names = "--dropout", paramLabel = "P",
      description = "Dropout before fc6 and fc7 (default: ${DEFAULT-VALUE}).")
  double dropout = Defaults.DROPOUT;

  @Option(names = "--clip-norm", paramLabel = "N",
      description = "Scale gradients down to this global L2 norm when above it; 0 turns clipping off "
          + "(default: the recipe's: 5, seed 0).")
  Double clipNorm;

  @Option(names = "--weight-decay", paramLabel = "W",
      description = "L2 weight decay added to the gradients before momentum, as PyTorch's SGD; "
          + "the AlexNet paper's is 0.0005 (default: the recipe's).")
  Double weightDecay;

  @Option(names = "--weight-decay-biases",
      description = "Decay the biases too (default: only the weights decay).")
  boolean weightDecayBiases;

  @Option(names = "--label-smoothing", paramLabel = "E",
      description = "Targets (1-E)·one-hot + E/classes, in training and validation loss (default: the recipe's).")
  Double labelSmoothing;

  @Option(names = "--ema-decay", paramLabel = "D",
      description = "Keep a moving average of the weights (a = D·a + (1-D)·w per step, D warmed up as "
          + "(1+t)/(10+t); updated after every 4th step of an epoch and its last) and validate, keep best/ and last/ "
          + "with it; 0 turns it off (default: the recipe's: 0.99, seed 0).")
  Double emaDecay;

  @Option(names = "--recipe", paramLabel = "R",
      description = "default (He init, 20 warm-up steps, horizontal flips, clipping at 5, the rate ×0.1 after 2/3 "
          + "and 5/6 of the epochs, a weight average) or seed (the tutorial's exact recipe: PyTorch init, no "
          + "warm-up, vertical flips, no clipping, StepLR(10, 0.1), no average). Single flags override it "
          + "(default: default).")
  Recipe recipe = Defaults.RECIPE;

  @Option(names = "--init", paramLabel = "I",
      description = "Initial weights: pytorch (U(±1/√fan_in), the seed's), xavier (Glorot uniform) or he "
          + "(default: the recipe's).")
  InitScheme init;

  @Option(names = "--warmup-steps", paramLabel = "N",
      description = "Raise the learning rate linearly over the first N steps (default: the recipe's: 20, seed 0).")
  Integer warmupSteps;

  @Option(names = "--image-size", paramLabel = "S",
      description = "Network input side, after the centre crop (default: ${DEFAULT-VALUE}; at least 63).")
  int imageSize = Defaults.IMAGE_SIZE;

  @Option(names = "--resize", paramLabel = "S",
      description = "Scale the shorter image side to this before cropping "
          + "(default: 256 for 224, same ratio otherwise).")
  Integer resize;

  @Option(names = "--normalize", paramLabel = "N",
      description = "half (mean 0.5, std 0.5, the seed's) or imagenet (default: half).")
  Normalization normalization = Defaults.NORMALIZATION;

  @Option(names = "--augment", paramLabel = "A",
      description = "horizontal-flip, vertical-flip (the seed's) or none "
          + "(default: the recipe's: horizontal-flip, seed vertical-flip).")
  Augmentation augmentation;

  @Option(names = "--crop", paramLabel = "C",
      description = "Training crop: center (the tutorial's), random (a random input-side square of the resized "
          + "one, as the AlexNet paper) or random-resized (a random quarter to all of it, scaled to the input "
          + "side). Validation and serving always take the centre (default: the recipe's).")
  TrainingCrop crop;

  @Option(names = "--color-jitter", paramLabel = "J",
      description = "Random brightness, contrast and saturation changes of training images by up to J "
          + "(e.g. 0.2; at most 0.5; default: 0, off).")
  double colorJitter;

  @Option(names = "--seed", paramLabel = "N",
      description = "Seed for initial weights, shuffling, dropout and flips (default: random, printed).")
  Long seed;

  /** Everything but the seed, which a caller draws when none is given. */
  void applyTo(TrainingConfig.Builder config) {
    config.dropout(dropout)
        .weightDecay(weightDecay, weightDecayBiases)
        .labelSmoothing(labelSmoothing)
        .emaDecay(emaDecay)
        .recipe(recipe)
        .clipNorm(clipNorm)
        .warmupSteps(warmupSteps)
        .init(init)
        .augmentation(augmentation)
        .crop(crop)
        .colorJitter(colorJitter)
        .imageSize(imageSize)
        .resize(resize)
        .normalization(normalization);
  }
}
