package dev.knm.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Derives the 256-bit store key from a passphrase with Argon2id (BouncyCastle's lightweight API).
 */
public final class PassphraseKdf {
  private PassphraseKdf() {}

  /**
   * The key {@code passphrase} gives with {@code params}; the passphrase's bytes are wiped after.
   */
  public static EncryptionKey derive(char[] passphrase, KdfParams params) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
    byte[] secret = new byte[encoded.remaining()];
    encoded.get(secret);
    Arrays.fill(encoded.array(), (byte) 0);
    byte[] out = new byte[EncryptionKey.LENGTH];
    try {
      Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
      argon2.init(
          new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
              .withVersion(Argon2Parameters.ARGON2_VERSION_13)
              .withSalt(params.salt())
              .withMemoryAsKB(params.memoryKib())
              .withIterations(params.iterations())
              .withParallelism(params.parallelism())
              .build());
      argon2.generateBytes(secret, out);
      return new EncryptionKey(out);
    } finally {
      Arrays.fill(secret, (byte) 0);
      Arrays.fill(out, (byte) 0);
    }
  }
}
