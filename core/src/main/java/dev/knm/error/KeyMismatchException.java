package dev.knm.error;

/**
 * The encryption key in use is not the one a row was sealed with (detected by key id, before any
 * decryption), or no usable key could be loaded. Exit code 5.
 */
public class KeyMismatchException extends StoreException {
  public KeyMismatchException(String message) {
    super(message);
  }
}
