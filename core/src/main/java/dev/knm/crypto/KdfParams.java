package dev.knm.crypto;

import java.security.SecureRandom;

/**
 * Argon2id parameters of a passphrase-derived key, kept in the store (never secret) so that the
 * same passphrase gives the same key on any machine. Fresh ones follow RFC 9106's second
 * recommended option (§4): 3 passes, 64 MiB of memory, 4 lanes, a 128-bit random salt.
 */
public record KdfParams(byte[] salt, int memoryKib, int iterations, int parallelism) {
  public static final int MEMORY_KIB = 64 * 1024;
  public static final int ITERATIONS = 3;
  public static final int PARALLELISM = 4;
  public static final int SALT_BYTES = 16;

  public KdfParams {
    if (salt == null || salt.length < SALT_BYTES) {
      throw new IllegalArgumentException("an Argon2id salt must be at least 16 bytes");
    }
    if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
      throw new IllegalArgumentException("invalid Argon2id parameters");
    }
    salt = salt.clone();
  }

  /** Parameters for a new passphrase: RFC 9106's second recommendation, a fresh random salt. */
  public static KdfParams fresh() {
    byte[] salt = new byte[SALT_BYTES];
    new SecureRandom().nextBytes(salt);
    return new KdfParams(salt, MEMORY_KIB, ITERATIONS, PARALLELISM);
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }
}
