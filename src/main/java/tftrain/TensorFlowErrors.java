package tftrain;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TensorFlow's runtime errors in a form for people. TF Java maps status codes to unrelated Java types
 * ({@code TFInvalidArgumentException} is an IllegalArgumentException, others extend TensorFlowException),
 * and their messages start with an empty line and the graph's internals.
 */
public final class TensorFlowErrors {

  private static final String PACKAGE = "org.tensorflow.exceptions.";

  private TensorFlowErrors() {}

  /** True for any exception TensorFlow raised for a failed run. */
  public static boolean isTensorFlowError(Throwable error) {
    return error != null && error.getClass().getName().startsWith(PACKAGE);
  }

  /** The innermost TensorFlow error in a cause chain, or null. */
  public static Throwable find(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (isTensorFlowError(cause)) {
        return cause;
      }
    }
    return null;
  }

  /**
   * Runs {@code batch}; when TensorFlow fails it (one bad item fails a whole batch), runs
   * {@code itemByItem} instead. Other exceptions pass through.
   */
  public static <R> R orItemByItem(Supplier<R> batch, Supplier<R> itemByItem) {
    try {
      return batch.get();
    } catch (RuntimeException e) {
      if (!isTensorFlowError(e)) {
        throw e;
      }
      return itemByItem.get();
    }
  }

  /**
   * Runs {@code action} for each item alone, so one bad item is found and named: a TensorFlow error goes to
   * {@code onFailure} with its {@link #essence}, any other exception passes through.
   */
  public static <T> void forEachAlone(List<T> items, Consumer<T> action, BiConsumer<T, String> onFailure) {
    for (T item : items) {
      try {
        action.accept(item);
      } catch (RuntimeException e) {
        if (!isTensorFlowError(e)) {
          throw e;
        }
        onFailure.accept(item, essence(e));
      }
    }
  }

  /** tf.data's wrapper: "Error in user-defined function passed to ParallelMapDatasetV2:46 … iterator: A::B: ". */
  private static final Pattern DATASET_PREFIX =
      Pattern.compile("^Error in user-defined function.*? with iterator: \\S*?: ");
  /** A graph function's name, "{{function_node __inference_…}}", and the node suffix "[[{{node x}}]]". */
  private static final Pattern FUNCTION_NODE = Pattern.compile("\\{\\{function_node [^}]*\\}\\}\\s*");
  private static final Pattern NODE_SUFFIX = Pattern.compile("\\s*\\[\\[.*$");
  /** A distributed error's first line, "From /job:worker/replica:0/task:0:", which names where, not what. */
  private static final Pattern REPORTED_BY = Pattern.compile("^From /job:\\S*:$");
  private static final Pattern ASSERTION = Pattern.compile("^assertion failed: \\[(.*)\\]$");
  /**
   * A prefix said twice or more in a row ("Collective ops is aborted by: Collective ops is aborted by: …"):
   * each worker that aborts its collectives wraps the error it received in the same words again, so with
   * three workers or more the prefix repeats. Only a whole segment (from the start, or after ": ") counts.
   */
  private static final Pattern REPEATED_PREFIX = Pattern.compile("(?<=^|: )([^:]+: )\\1+");

  /**
   * The part of a TensorFlow message that says what went wrong, in words: the first non-empty line (after a
   * distributed error's "From /job:…:" line) without
   * tf.data's iterator prefix, graph function and node names, an assertion's brackets or a prefix that
   * repeats (said once), and the decoders' terse texts said plainly ("jpeg::Uncompress failed…" becomes
   * "damaged or truncated JPEG data").
   */
  public static String essence(Throwable error) {
    String message = error.getMessage();
    if (message == null) {
      return error.getClass().getSimpleName();
    }
    String line = message.strip().lines().map(String::strip)
        .filter(text -> !text.isEmpty() && !REPORTED_BY.matcher(text).matches()).findFirst().orElse("");
    line = FUNCTION_NODE.matcher(line).replaceAll("");
    line = DATASET_PREFIX.matcher(line).replaceFirst("");
    line = NODE_SUFFIX.matcher(line).replaceFirst("").strip();
    line = REPEATED_PREFIX.matcher(line).replaceAll("$1");
    Matcher assertion = ASSERTION.matcher(line);
    if (assertion.matches()) {
      line = assertion.group(1);
    }
    line = plainImageError(line);
    return line.isEmpty() ? error.getClass().getSimpleName() : line;
  }

  private static String plainImageError(String line) {
    if (line.startsWith("jpeg::Uncompress failed") || line.startsWith("Invalid JPEG data")) {
      return "damaged or truncated JPEG data";
    }
    if (line.startsWith("Unknown image file format")) {
      return "not a JPEG, PNG, GIF or BMP file";
    }
    if (line.equals("Input is empty.")) {
      return "empty file";
    }
    return line;
  }
}
