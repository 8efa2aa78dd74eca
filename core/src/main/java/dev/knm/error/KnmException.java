package dev.knm.error;

/**
 * Base of every error core reports to a user. The message is one line, safe to print (never a
 * secret), and says what went wrong and, where it helps, what to do. The cli maps each subclass to
 * a documented exit code (docs/exit-codes.md).
 */
public abstract class KnmException extends RuntimeException {
  protected KnmException(String message) {
    super(message);
  }

  protected KnmException(String message, Throwable cause) {
    super(message, cause);
  }
}
