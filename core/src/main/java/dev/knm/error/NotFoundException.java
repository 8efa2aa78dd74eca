package dev.knm.error;

/** A named thing (cluster, node, context) that does not exist. Exit code 1. */
public class NotFoundException extends KnmException {
  public NotFoundException(String message) {
    super(message);
  }
}
