package dev.knm.crypto;

import dev.knm.error.KeyMismatchException;
import dev.knm.error.UsageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Which key opens the store, in this order: {@code --key-file}, {@code --passphrase-file}, {@code
 * KNM_ENCRYPTION_KEY}, {@code KNM_KEY_FILE}, {@code KNM_PASSPHRASE_FILE}; then, for a store sealed
 * with a passphrase, the passphrase asked on the terminal; else the default key file (created on
 * first use unless {@link Request#mayCreateKeyFile()} is false).
 *
 * <p>A passphrase gives a key through Argon2id with the parameters kept in the store; for a store
 * that has none yet, fresh ones, returned as {@link StoreKey#newParams()} to be stored with the
 * first sealed row. A wrong passphrase is told by its key id, before anything is decrypted.
 */
public final class KeyResolver {
  public static final String ENV_PASSPHRASE_FILE = "KNM_PASSPHRASE_FILE";

  /** What the user gave; {@code prompt} is null when there is no terminal to ask on. */
  public record Request(
      Path keyFile,
      Path passphraseFile,
      Map<String, String> env,
      PassphrasePrompt prompt,
      boolean mayCreateKeyFile,
      Consumer<String> notices) {}

  private KeyResolver() {}

  /**
   * @param storeParams the store's passphrase parameters (read only when needed)
   * @throws KeyMismatchException when no usable key can be had, or a passphrase is wrong
   */
  public static StoreKey resolve(Request r, Supplier<Optional<PassphraseParams>> storeParams) {
    if (r.keyFile() != null && r.passphraseFile() != null) {
      throw new UsageException("give --key-file or --passphrase-file, not both");
    }
    if (r.keyFile() != null) {
      return StoreKey.of(KeyLoader.load(r.keyFile(), r.env(), r.notices()), "--key-file");
    }
    if (r.passphraseFile() != null) {
      String origin = "--passphrase-file " + r.passphraseFile();
      return fromPassphrase(readPassphrase(r.passphraseFile(), origin), origin, storeParams);
    }
    String raw = r.env().get(KeyLoader.ENV_KEY);
    if (raw != null && !raw.isBlank()) {
      return StoreKey.of(KeyLoader.parse(raw, KeyLoader.ENV_KEY, r.notices()), KeyLoader.ENV_KEY);
    }
    String keyFile = r.env().get(KeyLoader.ENV_KEY_FILE);
    if (keyFile != null && !keyFile.isBlank()) {
      return StoreKey.of(KeyLoader.load(null, r.env(), r.notices()), KeyLoader.ENV_KEY_FILE);
    }
    String passphraseFile = r.env().get(ENV_PASSPHRASE_FILE);
    if (passphraseFile != null && !passphraseFile.isBlank()) {
      Path file = Path.of(passphraseFile);
      String origin = ENV_PASSPHRASE_FILE + " " + file;
      return fromPassphrase(readPassphrase(file, origin), origin, storeParams);
    }
    Optional<PassphraseParams> params = storeParams.get();
    if (params.isPresent()) {
      char[] typed = r.prompt() == null ? null : r.prompt().ask("Passphrase of the knm store: ");
      if (typed == null) {
        throw new KeyMismatchException(
            "the store is sealed with a passphrase (key "
                + params.get().keyId()
                + "): give --passphrase-file FILE or "
                + ENV_PASSPHRASE_FILE
                + ", or run knm on a terminal to be asked for it");
      }
      return fromPassphrase(typed, "the passphrase typed", () -> params);
    }
    Path defaultFile = KeyLoader.defaultKeyFile(r.env());
    if (!r.mayCreateKeyFile() && !Files.exists(defaultFile)) {
      throw new KeyMismatchException("no key file at " + defaultFile);
    }
    return StoreKey.of(KeyLoader.load(null, r.env(), r.notices()), "key file " + defaultFile);
  }

  /**
   * The key a passphrase gives for this store: with its parameters, checked against the key id they
   * keep; for a store without any, with fresh parameters to store with the first seal.
   */
  public static StoreKey fromPassphrase(
      char[] passphrase, String origin, Supplier<Optional<PassphraseParams>> storeParams) {
    try {
      if (passphrase.length == 0) {
        throw new KeyMismatchException("the passphrase from " + origin + " is empty");
      }
      Optional<PassphraseParams> params = storeParams.get();
      if (params.isPresent()) {
        EncryptionKey key = PassphraseKdf.derive(passphrase, params.get().kdf());
        if (!key.keyId().equals(params.get().keyId())) {
          throw new KeyMismatchException(
              "wrong passphrase ("
                  + origin
                  + "): it gives key "
                  + key.keyId()
                  + " but the store is sealed with key "
                  + params.get().keyId()
                  + "; nothing was changed");
        }
        return new StoreKey(key, null, origin);
      }
      return newPassphrase(passphrase, origin);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  /** A key from a passphrase with fresh parameters (a new passphrase for the store). */
  public static StoreKey newPassphrase(char[] passphrase, String origin) {
    if (passphrase.length == 0) {
      throw new KeyMismatchException("the passphrase from " + origin + " is empty");
    }
    KdfParams fresh = KdfParams.fresh();
    EncryptionKey key = PassphraseKdf.derive(passphrase, fresh);
    return new StoreKey(key, new PassphraseParams(fresh, key.keyId()), origin);
  }

  /**
   * The passphrase in {@code file}: its text (UTF-8) without the line break that ends it, if any.
   */
  public static char[] readPassphrase(Path file, String origin) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new KeyMismatchException(
          "cannot read the passphrase file "
              + file
              + ": "
              + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
    }
    try {
      int end = content.length;
      if (end > 0 && content[end - 1] == '\n') {
        end--;
        if (end > 0 && content[end - 1] == '\r') {
          end--;
        }
      }
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content, 0, end));
      char[] passphrase = new char[chars.remaining()];
      chars.get(passphrase);
      Arrays.fill(chars.array(), '\0');
      if (passphrase.length == 0) {
        throw new KeyMismatchException("the passphrase file " + file + " is empty");
      }
      return passphrase;
    } catch (CharacterCodingException e) {
      throw new KeyMismatchException("the passphrase in " + origin + " is not UTF-8 text");
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }
}
