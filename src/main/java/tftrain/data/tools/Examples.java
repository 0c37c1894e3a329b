package tftrain.data.tools;

import java.util.List;

/** The first few items of a long list, for one-line messages that must not grow with the data set. */
final class Examples {

  private static final int SHOWN = 3;

  private Examples() {}

  /** {@code "a, b, c"}, or {@code "a, b, c and 4 more"} for a longer list. */
  static String firstFew(List<String> items) {
    String shown = String.join(", ", items.subList(0, Math.min(items.size(), SHOWN)));
    return items.size() > SHOWN ? shown + " and " + (items.size() - SHOWN) + " more" : shown;
  }
}
