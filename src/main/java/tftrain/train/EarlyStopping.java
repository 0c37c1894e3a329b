package tftrain.train;

import java.util.List;
import java.util.Locale;
import tftrain.report.EpochMetrics;

/**
 * Ends a run once its monitored validation figure has not improved for {@code patience} epochs, like Keras'
 * {@code EarlyStopping(min_delta=0)}. It keeps no state of its own: each epoch it reads the run's history,
 * so a resumed run counts the epochs before the resume too.
 */
final class EarlyStopping implements TrainingListener {

  private final int patience;
  private final EarlyStopMonitor monitor;
  private String reason;

  /** @param patience epochs without improvement before the run ends (at least 1) */
  EarlyStopping(int patience, EarlyStopMonitor monitor) {
    this.patience = patience;
    this.monitor = monitor;
  }

  @Override
  public void onEpochEnd(EpochEnd end) {
    reason = decide(end.state().history());
  }

  /** Why to stop after the last epoch of {@code history}, or null. */
  String decide(List<EpochMetrics> history) {
    EpochMetrics best = null;
    for (EpochMetrics epoch : history) {
      if (best == null || monitor.improves(monitor.valueOf(epoch), monitor.valueOf(best))) {
        best = epoch;
      }
    }
    if (best == null) {
      return null;
    }
    int last = history.get(history.size() - 1).epoch();
    int withoutImprovement = last - best.epoch();
    return withoutImprovement >= patience
        ? String.format(Locale.ROOT,
            "%s did not improve for %d epoch(s) after epoch %d (%.4f; --early-stop-patience %d)",
            monitor.metricName(), withoutImprovement, best.epoch(), monitor.valueOf(best), patience)
        : null;
  }

  @Override
  public String stopReason() {
    return reason;
  }
}
