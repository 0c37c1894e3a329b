package tftrain.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import tftrain.BadInputException;
import tftrain.io.AtomicFiles;

/**
 * JSON files that people read too (run summaries, the arguments a checkpoint was trained with): written
 * pretty-printed and atomically, read back into records or plain classes.
 *
 * <p>A {@link Path} is stored as the plain string the user typed ({@code "data/train"}), not as Jackson's
 * default {@code file:///…} URI, so relative paths stay relative and the file stays readable.
 */
public final class JsonFiles {

  private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(pathsAsStrings());

  // Two-space indents, arrays one element per line and "key": value, the layout of Python's
  // json.dump(indent=2), so files diff cleanly and look familiar.
  private static final ObjectWriter WRITER =
      MAPPER.writer(
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private JsonFiles() {}

  /**
   * Writes {@code value} as pretty-printed JSON, ending in a line break, atomically: a kill leaves the old
   * file or the new one, never a truncated one.
   *
   * @throws UncheckedIOException if the file cannot be written
   * @throws IllegalArgumentException if {@code value} cannot be turned into JSON (a programming error)
   */
  public static void write(Path file, Object value) {
    String text = toJson(value);
    try {
      AtomicFiles.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code value} as the same pretty-printed JSON text, ending in a line break (for standard output). */
  public static String toJson(Object value) {
    try {
      return WRITER.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot turn " + value.getClass().getName() + " into JSON", e);
    }
  }

  /**
   * Reads {@code file} into a {@code type}. Records work, and so do {@link Path} fields.
   *
   * @throws BadInputException if the file is missing, is not JSON, or does not fit {@code type}
   * @throws UncheckedIOException if the file exists but cannot be read
   */
  public static <T> T read(Path file, Class<T> type) {
    return read(file, type, null);
  }

  /**
   * Reads {@code file} into a {@code type} after {@code upgrade} brought its JSON tree up to the layout
   * {@code type} reads (files written by an older version); null reads the file as it is.
   *
   * @throws BadInputException if the file is missing, is not JSON, or does not fit {@code type}
   * @throws UncheckedIOException if the file exists but cannot be read
   */
  public static <T> T read(Path file, Class<T> type, UnaryOperator<JsonNode> upgrade) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + " not found; check the path.");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    T value;
    try {
      if (upgrade == null) {
        value = MAPPER.readValue(bytes, type);
      } else {
        // readValue's own errors for empty input; a tree only for a document to upgrade.
        JsonNode tree = bytes.length == 0 ? MAPPER.readValue(bytes, JsonNode.class) : MAPPER.readTree(bytes);
        boolean empty = tree == null || tree.isNull() || tree.isMissingNode();
        value = empty ? null : MAPPER.treeToValue(upgrade.apply(tree), type);
      }
    } catch (IOException e) {
      throw new BadInputException(file + " is not valid: " + describe(e) + ". Fix or delete it.", e);
    }
    if (value == null) {
      throw new BadInputException(file + " holds null instead of a JSON object. Fix or delete it.");
    }
    return value;
  }

  private static String describe(IOException e) {
    String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    String where = "";
    if (e instanceof JsonProcessingException json && json.getLocation() != null) {
      where = " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
    }
    // Jackson's messages can span lines; our errors are one line.
    String text = message == null ? e.getClass().getSimpleName() : message.replaceAll("\\s*\\R\\s*", " ").strip();
    return text + where;
  }

  private static SimpleModule pathsAsStrings() {
    SimpleModule module = new SimpleModule("tftrain-paths");
    module.addSerializer(Path.class, ToStringSerializer.instance);
    module.addDeserializer(Path.class, new PathDeserializer());
    return module;
  }

  /** Reads a path back from the plain string {@link ToStringSerializer} wrote. */
  private static final class PathDeserializer extends StdScalarDeserializer<Path> {

    private static final long serialVersionUID = 1L;

    PathDeserializer() {
      super(Path.class);
    }

    @Override
    public Path deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return (Path) context.handleUnexpectedToken(Path.class, parser);
      }
      String text = parser.getText();
      try {
        return Path.of(text);
      } catch (InvalidPathException e) {
        return (Path) context.handleWeirdStringValue(Path.class, text, "not a valid path");
      }
    }
  }
}
