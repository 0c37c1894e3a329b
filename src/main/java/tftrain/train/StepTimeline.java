package tftrain.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.StepStats;

/**
 * When a traced training step ran what: the convolutions' backprop as one span, and every collective op (a
 * multi-worker step's all-reduces and gathers) with its own span, in ms from the step's first op. It shows
 * whether the exchange overlaps backprop, and how long the step goes on once backprop has ended (the last
 * exchange and the update, which nothing can hide).
 *
 * @param stepMillis from the first op's start to the last op's end
 * @param backpropStart the first convolution-backprop op's start ({@code Conv2DBackprop*}), or -1 if none ran
 * @param backpropEnd the last one's end, or -1
 * @param collectives every collective op, by start
 * @param afterBackprop the op types that started after backprop ended, with their summed ms, longest first
 */
public record StepTimeline(double stepMillis, double backpropStart, double backpropEnd, List<Span> collectives,
    List<OpTime> afterBackprop) {

  /** An op type's summed time. */
  public record OpTime(String type, double millis) {}

  /** One op's span in the step, ms from the step's first op. */
  public record Span(String name, String type, double start, double end) {

    double overlap(double from, double to) {
      return Math.max(0, Math.min(end, to) - Math.max(start, from));
    }
  }

  /** From a FULL_TRACE run's step stats (every device's ops; a worker's own partition included). */
  public static StepTimeline of(StepStats stats) {
    long first = Long.MAX_VALUE;
    for (DeviceStepStats device : stats.getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        first = Math.min(first, node.getAllStartMicros());
      }
    }
    double last = 0;
    double backpropStart = -1;
    double backpropEnd = -1;
    List<Span> collectives = new ArrayList<>();
    for (DeviceStepStats device : stats.getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        String type = opType(node);
        double start = (node.getAllStartMicros() - first) / 1000.0;
        double end = start + node.getAllEndRelMicros() / 1000.0;
        last = Math.max(last, end);
        if (type.contains("Conv2DBackprop")) {
          backpropStart = backpropStart < 0 ? start : Math.min(backpropStart, start);
          backpropEnd = Math.max(backpropEnd, end);
        } else if (type.startsWith("Collective")) {
          collectives.add(new Span(node.getNodeName(), type, start, end));
        }
      }
    }
    collectives.sort(Comparator.comparingDouble(Span::start));
    Map<String, Double> tail = new HashMap<>();
    for (DeviceStepStats device : stats.getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        if ((node.getAllStartMicros() - first) / 1000.0 >= backpropEnd) {
          tail.merge(opType(node), node.getAllEndRelMicros() / 1000.0, Double::sum);
        }
      }
    }
    List<OpTime> afterBackprop = new ArrayList<>();
    tail.forEach((type, millis) -> afterBackprop.add(new OpTime(type, millis)));
    afterBackprop.sort(Comparator.comparingDouble(OpTime::millis).reversed());
    return new StepTimeline(last, backpropStart, backpropEnd, List.copyOf(collectives), List.copyOf(afterBackprop));
  }

  /** How long the step went on after the last convolution-backprop op ended (the step if none ran). */
  public double afterBackpropMillis() {
    return backpropEnd < 0 ? stepMillis : stepMillis - backpropEnd;
  }

  /** The share of the collectives' summed time that fell within backprop's span (0 without collectives). */
  public double overlapShare() {
    double total = 0;
    double within = 0;
    for (Span span : collectives) {
      total += span.end() - span.start();
      within += backpropEnd < 0 ? 0 : span.overlap(backpropStart, backpropEnd);
    }
    return total > 0 ? within / total : 0;
  }

  /** The timeline as lines for a console: the step, backprop, each collective, and the summary. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "step %.0f ms; convolution backprop %.0f–%.0f ms", stepMillis,
        backpropStart, backpropEnd));
    for (Span span : collectives) {
      lines.add(String.format(Locale.ROOT, "  %-18s %7.1f–%7.1f ms  %s", span.type(), span.start(), span.end(),
          span.name()));
    }
    if (!afterBackprop.isEmpty()) {
      lines.add("after backprop: " + afterBackprop.stream().limit(5)
          .map(op -> String.format(Locale.ROOT, "%s %.1f ms", op.type(), op.millis()))
          .collect(Collectors.joining(", ")));
    }
    lines.add(collectives.isEmpty()
        ? String.format(Locale.ROOT, "the step ends %.0f ms after backprop", afterBackpropMillis())
        : String.format(Locale.ROOT, "%d collectives, %.0f %% of their time during backprop; the step ends %.0f ms"
            + " after backprop", collectives.size(), 100 * overlapShare(), afterBackpropMillis()));
    return lines;
  }

  /** The op type from a timeline label "name = Type(inputs)", else the node name. */
  public static String opType(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int equals = label.indexOf(" = ");
    if (equals >= 0) {
      int paren = label.indexOf('(', equals);
      return label.substring(equals + 3, paren > equals ? paren : label.length()).trim();
    }
    return node.getNodeName();
  }
}
