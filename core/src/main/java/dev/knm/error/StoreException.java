package dev.knm.error;

/** The store cannot be reached, opened or migrated, or a query failed. Exit code 5. */
public class StoreException extends KnmException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
