package dev.knm.error;

/** A bad argument: a malformed name, label, selector or option value. Exit code 2. */
public class UsageException extends KnmException {
  public UsageException(String message) {
    super(message);
  }
}
