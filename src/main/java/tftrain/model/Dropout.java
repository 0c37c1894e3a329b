package tftrain.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The dropout inputs of a training graph: a rate (0 outside training steps) and a per-step seed for
 * stateless masks. Stateless random ops make a step reproducible, also after a checkpoint restore.
 */
public record Dropout(Operand<TFloat32> rate, Operand<TInt64> seed) {}
