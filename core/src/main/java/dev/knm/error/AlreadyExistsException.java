package dev.knm.error;

/** A name already taken (a live cluster with that name, without --overwrite). Exit code 1. */
public class AlreadyExistsException extends KnmException {
  public AlreadyExistsException(String message) {
    super(message);
  }
}
