package dev.knm.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.error.KeyMismatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyLoaderTest {
  static final byte[] BYTES =
      HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  @TempDir Path dir;
  final List<String> notices = new ArrayList<>();

  @Test
  void base64AndHexFromTheEnvironment() {
    String b64 = Base64.getEncoder().encodeToString(BYTES);
    String hex = HexFormat.of().formatHex(BYTES);
    EncryptionKey fromB64 = KeyLoader.load(null, Map.of("KNM_ENCRYPTION_KEY", b64), notices::add);
    EncryptionKey fromHex =
        KeyLoader.load(null, Map.of("KNM_ENCRYPTION_KEY", hex.toUpperCase() + "\n"), notices::add);
    assertThat(fromB64.bytes()).isEqualTo(BYTES);
    assertThat(fromHex).isEqualTo(fromB64);
    assertThat(fromB64.keyId()).hasSize(16).matches("[0-9a-f]{16}");
    assertThat(fromB64.toString()).isEqualTo("EncryptionKey[id=" + fromB64.keyId() + "]");
    assertThat(notices).isEmpty();
  }

  @Test
  void legacyThirtyTwoCharacterStringIsAcceptedWithAWarning() {
    String legacy = "abcdefghijklmnopqrstuvwxyz012345";
    EncryptionKey k = KeyLoader.load(null, Map.of("KNM_ENCRYPTION_KEY", legacy), notices::add);
    assertThat(k.bytes()).isEqualTo(legacy.getBytes());
    assertThat(notices)
        .containsExactly(
            "warning: KNM_ENCRYPTION_KEY is a 32-character plain string; it has less entropy than"
                + " 32 random bytes: generate a new key (openssl rand -base64 32) and run 'knm"
                + " rotate-key'");
  }

  @Test
  void badLengthsAreRejectedWithoutShowingTheKey() {
    for (String bad : List.of("c2hvcnQ=", "0011", "x".repeat(31), "y".repeat(45))) {
      assertThatThrownBy(() -> KeyLoader.load(null, Map.of("KNM_ENCRYPTION_KEY", bad), s -> {}))
          .isInstanceOf(KeyMismatchException.class)
          .hasMessage(
              "KNM_ENCRYPTION_KEY is not a usable key: expected 32 bytes as base64 (44"
                  + " characters) or hex (64 digits), got "
                  + bad.length()
                  + " characters")
          .message()
          .doesNotContain(bad);
    }
  }

  @Test
  void explicitKeyFileWinsThenEnvThenKeyFileEnv() throws Exception {
    Path explicit = Files.writeString(dir.resolve("explicit"), HexFormat.of().formatHex(BYTES));
    Path other = Files.write(dir.resolve("raw"), new byte[32]);
    Map<String, String> env =
        Map.of(
            "KNM_ENCRYPTION_KEY",
            Base64.getEncoder().encodeToString(new byte[32]),
            "KNM_KEY_FILE",
            other.toString());
    assertThat(KeyLoader.load(explicit, env, notices::add).bytes()).isEqualTo(BYTES);
    assertThat(KeyLoader.load(null, env, notices::add).bytes()).isEqualTo(new byte[32]);
    assertThat(
            KeyLoader.load(null, Map.of("KNM_KEY_FILE", explicit.toString()), notices::add).bytes())
        .isEqualTo(BYTES);
    assertThat(notices).isEmpty();
  }

  @Test
  void unreadableOrGarbageKeyFilesAreKeyErrors() throws Exception {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> KeyLoader.load(missing, Map.of(), s -> {}))
        .isInstanceOf(KeyMismatchException.class)
        .hasMessage("cannot read key file " + missing + ": no such file");
    Path garbage = Files.write(dir.resolve("garbage"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> KeyLoader.load(garbage, Map.of(), s -> {}))
        .isInstanceOf(KeyMismatchException.class)
        .hasMessage(
            "--key-file "
                + garbage
                + " is not a usable key: expected 32 bytes as base64 (44 characters) or hex (64"
                + " digits), got 3 characters");
  }

  @Test
  void defaultKeyFileIsCreatedOnceOwnerOnlyWithOneNotice() throws Exception {
    Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.resolve("cfg").toString());
    Path file = dir.resolve("cfg/knm/key");

    EncryptionKey first = KeyLoader.load(null, env, notices::add);
    EncryptionKey second = KeyLoader.load(null, env, notices::add);

    assertThat(second).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(notices)
        .containsExactly(
            "created a new encryption key in "
                + file
                + ": back it up now (without it the stored kubeconfigs cannot be decrypted)");
    assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString()))
        .containsExactly("key");
  }

  @Test
  void writtenKeyFileIsOwnerOnlyAndLoadsBack() throws Exception {
    Path file = dir.resolve("new/key");
    EncryptionKey key = EncryptionKey.generate();
    KeyLoader.writeKeyFile(file, key);
    KeyLoader.writeKeyFile(file, key);
    assertThat(KeyLoader.load(file, Map.of(), notices::add)).isEqualTo(key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString()))
        .containsExactly("key");
    assertThat(notices).isEmpty();
  }

  @Test
  void defaultKeyFileFallsBackToHomeConfig() {
    assertThat(KeyLoader.defaultKeyFile(Map.of("HOME", "/home/sre")))
        .isEqualTo(Path.of("/home/sre/.config/knm/key"));
  }

  @Test
  void aRelativeXdgConfigHomeIsIgnoredAsTheXdgSpecSays() {
    assertThat(KeyLoader.defaultKeyFile(Map.of("HOME", "/home/sre", "XDG_CONFIG_HOME", "cfg")))
        .isEqualTo(Path.of("/home/sre/.config/knm/key"));
    assertThat(KeyLoader.defaultKeyFile(Map.of("HOME", "/home/sre", "XDG_CONFIG_HOME", "/x")))
        .isEqualTo(Path.of("/x/knm/key"));
  }
}
