package tftrain;

/**
 * Java source text with its comments, or its literals' contents, taken out, read token by token as the
 * compiler does: a {@code //} inside a string ({@code "grpc://"}) starts no comment, and a quote inside a
 * comment starts no string.
 */
final class JavaCode {

  private JavaCode() {}

  /** {@code source} with every comment replaced by one space (line breaks kept); literals untouched. */
  static String withoutComments(String source) {
    return strip(source, true, false);
  }

  /** {@code code} with the contents of every string, text block and char literal removed (quotes kept). */
  static String withoutStrings(String code) {
    return strip(code, false, true);
  }

  private static String strip(String source, boolean comments, boolean literals) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int length = source.length();
    while (i < length) {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < length && source.charAt(i + 1) == '/') {
        int end = source.indexOf('\n', i);
        end = end < 0 ? length : end;
        out.append(comments ? " " : source.substring(i, end));
        i = end;
      } else if (c == '/' && i + 1 < length && source.charAt(i + 1) == '*') {
        int close = source.indexOf("*/", i + 2);
        int end = close < 0 ? length : close + 2;
        String comment = source.substring(i, end);
        out.append(comments ? " " + "\n".repeat((int) comment.chars().filter(ch -> ch == '\n').count()) : comment);
        i = end;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = literalEnd(source, i + 3, "\"\"\"");
        out.append(literals ? "\"\"\"\"\"\"" : source.substring(i, end));
        i = end;
      } else if (c == '"' || c == '\'') {
        int end = literalEnd(source, i + 1, String.valueOf(c));
        out.append(literals ? c + String.valueOf(c) : source.substring(i, end));
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The index just past the {@code closing} quote of a literal whose contents start at {@code from}. */
  private static int literalEnd(String source, int from, String closing) {
    int i = from;
    while (i < source.length()) {
      if (source.charAt(i) == '\\') {
        i += 2;
      } else if (source.startsWith(closing, i)) {
        return i + closing.length();
      } else {
        i++;
      }
    }
    return source.length();
  }
}
