package dev.knm.error;

/**
 * A sealed kubeconfig failed authentication: altered, truncated or moved to another row. Exit 5.
 */
public class TamperedDataException extends StoreException {
  public TamperedDataException(String message) {
    super(message);
  }
}
