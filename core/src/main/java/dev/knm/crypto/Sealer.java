package dev.knm.crypto;

import dev.knm.error.KeyMismatchException;
import dev.knm.error.TamperedDataException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-256-GCM sealing of kubeconfigs with BouncyCastle's lightweight API.
 *
 * <p>Envelope, version 1: {@code 'K' 'N' 0x01 | keyIdLength (1 byte) | keyId (ASCII) | nonce (12
 * bytes) | ciphertext + 128-bit tag}. The associated data binds the envelope to its row: {@code
 * "knm/seal/v1" 0 | cluster id (16 bytes) | key id}, so a sealed value moved to another row fails
 * authentication.
 */
public final class Sealer {
  private static final byte MAGIC_0 = 'K';
  private static final byte MAGIC_1 = 'N';
  private static final byte VERSION_1 = 1;
  private static final int NONCE_LENGTH = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] AAD_DOMAIN = "knm/seal/v1\0".getBytes(StandardCharsets.US_ASCII);

  private final EncryptionKey key;

  public Sealer(EncryptionKey key) {
    this.key = key;
  }

  public EncryptionKey key() {
    return key;
  }

  public String keyId() {
    return key.keyId();
  }

  /** Seals {@code plaintext} for the row of {@code clusterId} with a fresh random nonce. */
  public byte[] seal(UUID clusterId, byte[] plaintext) {
    byte[] nonce = new byte[NONCE_LENGTH];
    Random.INSTANCE.nextBytes(nonce);
    byte[] out =
        Gcm.run(
            true,
            key.rawBytes(),
            nonce,
            aad(clusterId, key.keyId()),
            plaintext,
            0,
            plaintext.length);
    if (out == null) {
      throw new IllegalStateException("AES-GCM encryption failed");
    }
    byte[] id = key.keyId().getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(4 + id.length + NONCE_LENGTH + out.length)
        .put(MAGIC_0)
        .put(MAGIC_1)
        .put(VERSION_1)
        .put((byte) id.length)
        .put(id)
        .put(nonce)
        .put(out)
        .array();
  }

  /**
   * Opens a sealed value.
   *
   * @param clusterName for messages only
   * @param rowKeyId the key id stored in the row; checked against this sealer's key before any
   *     decryption
   * @throws KeyMismatchException when the row was sealed with another key
   * @throws TamperedDataException when the envelope is malformed or fails authentication
   */
  /** Where knm looks for its key, in order (see KeyLoader). */
  static final String KEY_SOURCES =
      "knm reads --key-file, else KNM_ENCRYPTION_KEY, else KNM_KEY_FILE, else"
          + " $XDG_CONFIG_HOME/knm/key";

  public byte[] open(String clusterName, UUID clusterId, String rowKeyId, byte[] sealed) {
    if (rowKeyId == null || !rowKeyId.equals(key.keyId())) {
      // after rotate-key the key it was imported with is the wrong one: name the right one
      throw new KeyMismatchException(
          "cluster '"
              + clusterName
              + "' is sealed with key "
              + rowKeyId
              + ", not the current key "
              + key.keyId()
              + ": the store was re-sealed with key "
              + rowKeyId
              + " (rotate-key) or imported with it; give that key ("
              + KEY_SOURCES
              + ")");
    }
    String tampered =
        "sealed kubeconfig of cluster "
            + clusterName
            + " failed authentication: the data was altered";
    if (sealed == null
        || sealed.length < 4
        || sealed[0] != MAGIC_0
        || sealed[1] != MAGIC_1
        || sealed[2] != VERSION_1) {
      throw new TamperedDataException(tampered);
    }
    int idLength = sealed[3] & 0xff;
    if (sealed.length < 4 + idLength + NONCE_LENGTH + TAG_BITS / 8) {
      throw new TamperedDataException(tampered);
    }
    String envelopeKeyId = new String(sealed, 4, idLength, StandardCharsets.US_ASCII);
    if (!envelopeKeyId.equals(rowKeyId)) {
      throw new TamperedDataException(tampered);
    }
    byte[] nonce = new byte[NONCE_LENGTH];
    System.arraycopy(sealed, 4 + idLength, nonce, 0, NONCE_LENGTH);
    int offset = 4 + idLength + NONCE_LENGTH;
    int length = sealed.length - offset;
    byte[] out =
        Gcm.run(false, key.rawBytes(), nonce, aad(clusterId, rowKeyId), sealed, offset, length);
    if (out == null) {
      throw new TamperedDataException(tampered);
    }
    return out;
  }

  /** The key id written in a sealed envelope, or null when the bytes are not an envelope. */
  public static String envelopeKeyId(byte[] sealed) {
    if (sealed == null || sealed.length < 4 || sealed[0] != MAGIC_0 || sealed[1] != MAGIC_1) {
      return null;
    }
    int idLength = sealed[3] & 0xff;
    if (sealed.length < 4 + idLength) {
      return null;
    }
    return new String(sealed, 4, idLength, StandardCharsets.US_ASCII);
  }

  private static byte[] aad(UUID clusterId, String keyId) {
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(AAD_DOMAIN.length + 16 + id.length)
        .put(AAD_DOMAIN)
        .putLong(clusterId.getMostSignificantBits())
        .putLong(clusterId.getLeastSignificantBits())
        .put(id)
        .array();
  }

  /**
   * BouncyCastle is used only in here, so making a Sealer (every command that builds the cluster
   * service, {@code list} too) loads no BouncyCastle class: its jars are signed, and the first
   * class loaded from one costs a signature check of the jar (~0.1 s at start-up; signed jars are
   * also left out of the class-data-sharing archive). Only sealing and opening pay it.
   */
  private static final class Gcm {
    /** The output, or null when decryption fails authentication. */
    static byte[] run(
        boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] in, int offset, int length) {
      GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
      gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce, aad));
      byte[] out = new byte[gcm.getOutputSize(length)];
      int n = gcm.processBytes(in, offset, length, out, 0);
      try {
        gcm.doFinal(out, n);
      } catch (InvalidCipherTextException e) {
        return null;
      }
      return out;
    }
  }

  /** Nonces; made on first seal, not when a command that only lists builds a Sealer. */
  private static final class Random {
    static final SecureRandom INSTANCE = new SecureRandom();
  }
}
