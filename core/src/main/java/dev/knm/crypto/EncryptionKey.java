package dev.knm.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 256-bit key that seals kubeconfigs, with its public id: the first 16 hex digits of SHA-256 over
 * a domain-separated encoding of the key. The id is stored next to every sealed row so that a wrong
 * key is recognised before any decryption. {@link #toString()} never shows the key bytes.
 */
public final class EncryptionKey {
  public static final int LENGTH = 32;
  private static final byte[] ID_DOMAIN = "knm/key-id/v1\0".getBytes(StandardCharsets.US_ASCII);

  private final byte[] bytes;
  private final String keyId;

  public EncryptionKey(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("an encryption key must be 32 bytes");
    }
    this.bytes = bytes.clone();
    this.keyId = computeId(this.bytes);
  }

  /** A fresh random key from {@link SecureRandom}. */
  public static EncryptionKey generate() {
    byte[] b = new byte[LENGTH];
    new SecureRandom().nextBytes(b);
    return new EncryptionKey(b);
  }

  public String keyId() {
    return keyId;
  }

  /** A copy of the key bytes (secret). */
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] rawBytes() {
    return bytes;
  }

  private static String computeId(byte[] key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ID_DOMAIN);
      sha.update(key);
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionKey k && MessageDigest.isEqual(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return keyId.hashCode();
  }

  @Override
  public String toString() {
    return "EncryptionKey[id=" + keyId + "]";
  }

  /** Wipes the key bytes from memory (best effort); the key is unusable afterwards. */
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
  }
}
