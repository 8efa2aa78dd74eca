package dev.knm.crypto;

/**
 * The key a store is opened with, and (for a passphrase given to a store that has none yet) the
 * parameters to keep in the store with the first sealed row, so that the passphrase opens it again.
 */
public record StoreKey(EncryptionKey key, PassphraseParams newParams, String origin) {
  /** A key that needs nothing written to the store. */
  public static StoreKey of(EncryptionKey key, String origin) {
    return new StoreKey(key, null, origin);
  }

  public String keyId() {
    return key.keyId();
  }
}
