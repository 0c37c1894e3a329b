package tftrain.train;

import java.util.List;
import tftrain.data.BadImage;
import tftrain.data.DecodedBatch;

/**
 * Listeners called one after the other in list order, for every event; closes those that own resources.
 * The order is the contract: a listener sees the effects of all before it.
 */
final class ListenerList implements TrainingListener, AutoCloseable {

  private final List<TrainingListener> listeners;

  ListenerList(List<TrainingListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  List<TrainingListener> listeners() {
    return listeners;
  }

  @Override
  public void onRunStart(RunInfo info) {
    listeners.forEach(listener -> listener.onRunStart(info));
  }

  @Override
  public void onEpochStart(int epoch, int totalEpochs, long totalImages, long imagesDone, double learningRate) {
    listeners.forEach(listener -> listener.onEpochStart(epoch, totalEpochs, totalImages, imagesDone, learningRate));
  }

  @Override
  public void onStep(long imagesDone, double runningLoss, double runningAccuracy) {
    listeners.forEach(listener -> listener.onStep(imagesDone, runningLoss, runningAccuracy));
  }

  @Override
  public boolean wantsTimeline(long globalStep) {
    return listeners.stream().anyMatch(listener -> listener.wantsTimeline(globalStep));
  }

  @Override
  public void onStepTimeline(long globalStep, StepTimeline timeline) {
    listeners.forEach(listener -> listener.onStepTimeline(globalStep, timeline));
  }

  @Override
  public void onValidationBatch(DecodedBatch batch, float[][] probabilities) {
    listeners.forEach(listener -> listener.onValidationBatch(batch, probabilities));
  }

  @Override
  public void onEpochEnd(EpochEnd end) {
    listeners.forEach(listener -> listener.onEpochEnd(end));
  }

  @Override
  public void onWeightsChecksum(int epoch, long crc32) {
    listeners.forEach(listener -> listener.onWeightsChecksum(epoch, crc32));
  }

  @Override
  public void onBadImage(BadImage bad) {
    listeners.forEach(listener -> listener.onBadImage(bad));
  }

  @Override
  public void onWarning(String message) {
    listeners.forEach(listener -> listener.onWarning(message));
  }

  @Override
  public void onInterrupted(int epoch, int stepsDone, TrainingState state, Checkpoint.Pending checkpoint) {
    listeners.forEach(listener -> listener.onInterrupted(epoch, stepsDone, state, checkpoint));
  }

  @Override
  public void onRunEnd(TrainingState state) {
    listeners.forEach(listener -> listener.onRunEnd(state));
  }

  /** The first listener's reason to stop, in list order. */
  @Override
  public String stopReason() {
    return listeners.stream().map(TrainingListener::stopReason).filter(reason -> reason != null)
        .findFirst().orElse(null);
  }

  @Override
  public void close() {
    Exception failure = null;
    for (TrainingListener listener : listeners) {
      if (listener instanceof AutoCloseable resource) {
        try {
          resource.close();
        } catch (Exception e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    if (failure instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    if (failure != null) {
      throw new IllegalStateException("cannot close a training listener: " + failure.getMessage(), failure);
    }
  }
}
