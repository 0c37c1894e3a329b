package tftrain;

/**
 * Something the user gave us is wrong: a missing folder, an empty class, a corrupt archive.
 *
 * <p>The message is the whole story for the user (one line, what is wrong and what to do), so the CLI
 * prints it without a stack trace and exits with code 2.
 */
public class BadInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
