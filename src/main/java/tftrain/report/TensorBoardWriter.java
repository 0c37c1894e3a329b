package tftrain.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import tftrain.runtime.GraphSession;

/**
 * Per-epoch scalars as TensorBoard event files ({@code tensorboard --logdir RUN/events}), written by
 * TensorFlow's own summary ops in a small graph of their own. Appends to the folder, so a resumed run
 * continues the same curves.
 */
public final class TensorBoardWriter implements AutoCloseable {

  private final GraphSession owner = new GraphSession();
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> value;
  private final Op write;
  private final Op flush;
  private final Op closeWriter;

  public TensorBoardWriter(Path logDir) throws IOException {
    Files.createDirectories(logDir);
    Op create;
    try (GraphSession.Building building = owner.build()) {
      Ops tf = building.ops();
      SummaryWriter writer = tf.summary.summaryWriter(SummaryWriter.sharedName("tftrain_events"));
      create =
          tf.summary.createSummaryFileWriter(
              writer, tf.constant(logDir.toAbsolutePath().toString()), tf.constant(10), tf.constant(1000),
              tf.constant(".v2"));
      step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      tag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      value = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      write = tf.summary.writeScalarSummary(writer, step, tag, value);
      flush = tf.summary.flushSummaryWriter(writer);
      closeWriter = tf.summary.closeSummaryWriter(writer);
      session = building.start(null);
    }
    try {
      session.runner().addTarget(create).run().close();
    } catch (RuntimeException e) {
      owner.close();
      throw e;
    }
  }

  /** Writes the epoch's loss, accuracy, learning rate and speed under the epoch number, then flushes. */
  public void write(EpochMetrics metrics) {
    scalar(metrics.epoch(), "loss/train", metrics.trainLoss());
    scalar(metrics.epoch(), "loss/val", metrics.valLoss());
    scalar(metrics.epoch(), "accuracy/train", metrics.trainAccuracy());
    scalar(metrics.epoch(), "accuracy/val", metrics.valAccuracy());
    scalar(metrics.epoch(), "learning_rate", metrics.learningRate());
    scalar(metrics.epoch(), "images_per_sec", metrics.imagesPerSecond());
    session.runner().addTarget(flush).run().close();
  }

  private void scalar(long epoch, String name, double number) {
    try (TInt64 stepTensor = TInt64.scalarOf(epoch);
        TString tagTensor = TString.scalarOf(name);
        TFloat32 valueTensor = TFloat32.scalarOf((float) number)) {
      session.runner().feed(step, stepTensor).feed(tag, tagTensor).feed(value, valueTensor)
          .addTarget(write).run().close();
    }
  }

  @Override
  public void close() {
    try {
      session.runner().addTarget(closeWriter).run().close();
    } finally {
      owner.close();
    }
  }
}
