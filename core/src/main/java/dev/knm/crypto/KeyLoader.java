package dev.knm.crypto;

import dev.knm.error.KeyMismatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds the encryption key, in this order: an explicit key file ({@code --key-file}), {@code
 * KNM_ENCRYPTION_KEY}, {@code KNM_KEY_FILE}, then the default file {@code $XDG_CONFIG_HOME/knm/key}
 * (fallback {@code ~/.config/knm/key}), created with a fresh random key on first use. Warnings and
 * notices go to the given callback; nothing is printed.
 *
 * <p>Key material, in the variable or a file: 32 bytes as base64 (44 characters) or hex (64
 * digits); a 32-character plain string (as older deployments used) is accepted with a warning; a
 * file may also hold exactly 32 raw bytes.
 */
public final class KeyLoader {
  public static final String ENV_KEY = "KNM_ENCRYPTION_KEY";
  public static final String ENV_KEY_FILE = "KNM_KEY_FILE";

  private KeyLoader() {}

  /**
   * @param keyFile the {@code --key-file} option, or null
   * @param env the process environment (System.getenv() in the cli)
   * @param notices receives one-line warnings and notices for the user
   * @throws KeyMismatchException when the key material is unusable
   */
  public static EncryptionKey load(
      Path keyFile, Map<String, String> env, Consumer<String> notices) {
    if (keyFile != null) {
      return readKeyFile(keyFile, "--key-file " + keyFile, notices);
    }
    String value = env.get(ENV_KEY);
    if (value != null && !value.isBlank()) {
      return parse(value, ENV_KEY, notices);
    }
    String file = env.get(ENV_KEY_FILE);
    if (file != null && !file.isBlank()) {
      Path p = Path.of(file);
      return readKeyFile(p, ENV_KEY_FILE + " " + p, notices);
    }
    return loadOrCreateDefault(defaultKeyFile(env), notices);
  }

  /** {@code $XDG_CONFIG_HOME/knm/key}, else {@code $HOME/.config/knm/key}. */
  public static Path defaultKeyFile(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    // the XDG spec: a relative path in the variable is invalid and ignored (H2 refuses one)
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "knm", "key");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".config", "knm", "key");
  }

  /** Parses key material given as text (base64, hex, or a legacy 32-character string). */
  public static EncryptionKey parse(String text, String origin, Consumer<String> notices) {
    String s = text.strip();
    if (s.length() == 64 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return new EncryptionKey(HexFormat.of().parseHex(s));
    }
    byte[] decoded = null;
    try {
      decoded = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException notBase64) {
      try {
        decoded = Base64.getUrlDecoder().decode(s);
      } catch (IllegalArgumentException notBase64Url) {
        decoded = null;
      }
    }
    if (decoded != null && decoded.length == EncryptionKey.LENGTH) {
      return new EncryptionKey(decoded);
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (s.length() == EncryptionKey.LENGTH && utf8.length == EncryptionKey.LENGTH) {
      notices.accept(
          "warning: "
              + origin
              + " is a 32-character plain string; it has less entropy than 32 random bytes: "
              + "generate a new key (openssl rand -base64 32) and run 'knm rotate-key'");
      return new EncryptionKey(utf8);
    }
    throw new KeyMismatchException(
        origin
            + " is not a usable key: expected 32 bytes as base64 (44 characters) or hex (64 digits),"
            + " got "
            + s.length()
            + " characters");
  }

  private static EncryptionKey readKeyFile(Path file, String origin, Consumer<String> notices) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new KeyMismatchException("cannot read key file " + file + ": " + reason(e));
    }
    if (content.length == EncryptionKey.LENGTH && !isText(content)) {
      return new EncryptionKey(content);
    }
    return parse(new String(content, StandardCharsets.UTF_8), origin, notices);
  }

  /**
   * Writes {@code key} (base64) to {@code file} atomically, owner-only (0600, directory 0700),
   * replacing any previous file. For rotate-key: write the new key to a side file, rotate, then
   * move it over the old key file, so an interruption never leaves the store without its key.
   *
   * @throws KeyMismatchException when the file cannot be written
   */
  public static void writeKeyFile(Path file, EncryptionKey key) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Path tmp =
          Files.createTempFile(
              dir,
              ".key-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.write(
            tmp,
            (Base64.getEncoder().encodeToString(key.rawBytes()) + "\n")
                .getBytes(StandardCharsets.US_ASCII),
            StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(
            tmp,
            file,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new KeyMismatchException("cannot write key file " + file + ": " + e.getMessage());
    }
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return String.valueOf(e.getMessage());
  }

  private static boolean isText(byte[] b) {
    for (byte x : b) {
      if (x < 0x20 || x > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static EncryptionKey loadOrCreateDefault(Path file, Consumer<String> notices) {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return readKeyFile(file, "key file " + file, notices);
    }
    EncryptionKey key = EncryptionKey.generate();
    try {
      Path dir = file.getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      byte[] text =
          (Base64.getEncoder().encodeToString(key.rawBytes()) + "\n")
              .getBytes(StandardCharsets.US_ASCII);
      Path tmp =
          Files.createTempFile(
              dir,
              ".key-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.write(tmp, text, StandardOpenOption.TRUNCATE_EXISTING);
        // atomic create-if-absent: two processes racing on first use agree on one key
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException raced) {
        return readKeyFile(file, "key file " + file, notices);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new KeyMismatchException("cannot create key file " + file + ": " + e.getMessage());
    }
    notices.accept(
        "created a new encryption key in "
            + file
            + ": back it up now (without it the stored kubeconfigs cannot be decrypted)");
    return key;
  }
}
