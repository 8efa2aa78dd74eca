package dev.knm.error;

/** Input that cannot be used: an empty, binary, oversized or malformed kubeconfig. Exit code 1. */
public class InvalidInputException extends KnmException {
  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
