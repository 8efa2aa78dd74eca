package dev.knm.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.error.KeyMismatchException;
import dev.knm.error.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which key a store is opened with, and what a passphrase gives (Argon2id, stored parameters). */
class KeyResolverTest {
  @TempDir Path tmp;

  private KeyResolver.Request request(Path keyFile, Path passphraseFile, Map<String, String> env) {
    return new KeyResolver.Request(keyFile, passphraseFile, env, null, true, n -> {});
  }

  @Test
  void freshParametersAreRfc9106sSecondRecommendationWithARandomSalt() {
    KdfParams a = KdfParams.fresh();
    KdfParams b = KdfParams.fresh();
    assertThat(a.memoryKib()).isGreaterThanOrEqualTo(64 * 1024);
    assertThat(a.iterations()).isGreaterThanOrEqualTo(3);
    assertThat(a.parallelism()).isEqualTo(4);
    assertThat(a.salt()).hasSize(16).isNotEqualTo(b.salt());
  }

  @Test
  void theSamePassphraseAndParametersGiveTheSameKeyAnotherSaltAnother() {
    KdfParams p = KdfParams.fresh();
    EncryptionKey one = PassphraseKdf.derive("pass phrase".toCharArray(), p);
    EncryptionKey two = PassphraseKdf.derive("pass phrase".toCharArray(), p);
    EncryptionKey other = PassphraseKdf.derive("pass phrase".toCharArray(), KdfParams.fresh());
    assertThat(one).isEqualTo(two);
    assertThat(one).isNotEqualTo(other);
  }

  @Test
  void aKeyFileNeverReadsTheStoreNorAPassphrase() throws Exception {
    // given: a key file, and a store that must not be asked
    EncryptionKey key = EncryptionKey.generate();
    Path file = tmp.resolve("key");
    KeyLoader.writeKeyFile(file, key);
    AtomicInteger storeReads = new AtomicInteger();

    // when
    StoreKey resolved =
        KeyResolver.resolve(
            request(file, null, Map.of()),
            () -> {
              storeReads.incrementAndGet();
              return Optional.empty();
            });

    // then
    assertThat(resolved.key()).isEqualTo(key);
    assertThat(resolved.newParams()).isNull();
    assertThat(storeReads).hasValue(0);
  }

  @Test
  void aPassphraseForANewStoreBringsParametersToKeep() throws Exception {
    Path file = Files.writeString(tmp.resolve("p"), "a passphrase\n");
    StoreKey resolved = KeyResolver.resolve(request(null, file, Map.of()), Optional::empty);
    assertThat(resolved.newParams()).isNotNull();
    assertThat(resolved.newParams().keyId()).isEqualTo(resolved.keyId());
    // and the kept parameters give the same key back, from the line without its line break
    Path again = Files.writeString(tmp.resolve("q"), "a passphrase");
    StoreKey reopened =
        KeyResolver.resolve(
            request(null, again, Map.of()), () -> Optional.of(resolved.newParams()));
    assertThat(reopened.key()).isEqualTo(resolved.key());
    assertThat(reopened.newParams()).isNull();
  }

  @Test
  void badInputIsAClearError() throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty"), "\n");
    assertThatThrownBy(() -> KeyResolver.resolve(request(null, empty, Map.of()), Optional::empty))
        .isInstanceOf(KeyMismatchException.class)
        .hasMessage("the passphrase file " + empty + " is empty");
    Path missing = tmp.resolve("missing");
    assertThatThrownBy(() -> KeyResolver.resolve(request(null, missing, Map.of()), Optional::empty))
        .isInstanceOf(KeyMismatchException.class)
        .hasMessage("cannot read the passphrase file " + missing + ": no such file");
    assertThatThrownBy(
            () -> KeyResolver.resolve(request(tmp.resolve("k"), empty, Map.of()), Optional::empty))
        .isInstanceOf(UsageException.class)
        .hasMessage("give --key-file or --passphrase-file, not both");
  }
}
