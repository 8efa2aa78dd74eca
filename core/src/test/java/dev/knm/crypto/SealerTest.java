package dev.knm.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.error.KeyMismatchException;
import dev.knm.error.TamperedDataException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SealerTest {
  final EncryptionKey key = EncryptionKey.generate();
  final Sealer sealer = new Sealer(key);
  final UUID id = UUID.fromString("11111111-2222-3333-4444-555555555555");
  final byte[] plain = "token: s3cr3t".getBytes(StandardCharsets.UTF_8);

  @Test
  void sealsWithAFreshNonceAndOpens() {
    byte[] a = sealer.seal(id, plain);
    byte[] b = sealer.seal(id, plain);
    assertThat(a).isNotEqualTo(b);
    assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t");
    assertThat(a).startsWith('K', 'N', 1, 16);
    assertThat(Sealer.envelopeKeyId(a)).isEqualTo(key.keyId());
    assertThat(a).hasSize(4 + 16 + 12 + plain.length + 16);
    assertThat(sealer.open("c", id, key.keyId(), a)).isEqualTo(plain);
  }

  @Test
  void aSealedValueMovedToAnotherRowFailsAuthentication() {
    byte[] a = sealer.seal(id, plain);
    assertThatThrownBy(() -> sealer.open("c", UUID.randomUUID(), key.keyId(), a))
        .isInstanceOf(TamperedDataException.class)
        .hasMessage("sealed kubeconfig of cluster c failed authentication: the data was altered");
  }

  @Test
  void truncatedOrForeignBytesAreTampered() {
    assertThatThrownBy(() -> sealer.open("c", id, key.keyId(), new byte[] {'K', 'N', 1}))
        .isInstanceOf(TamperedDataException.class);
    assertThatThrownBy(() -> sealer.open("c", id, key.keyId(), plain))
        .isInstanceOf(TamperedDataException.class);
  }

  @Test
  void anotherKeyIsRefusedByIdBeforeDecrypting() {
    byte[] a = sealer.seal(id, plain);
    Sealer other = new Sealer(EncryptionKey.generate());
    assertThatThrownBy(() -> other.open("c", id, key.keyId(), a))
        .isInstanceOf(KeyMismatchException.class)
        .hasMessage(
            "cluster 'c' is sealed with key "
                + key.keyId()
                + ", not the current key "
                + other.keyId()
                + ": the store was re-sealed with key "
                + key.keyId()
                + " (rotate-key) or imported with it; give that key (knm reads --key-file, else"
                + " KNM_ENCRYPTION_KEY, else KNM_KEY_FILE, else $XDG_CONFIG_HOME/knm/key)");
  }
}
