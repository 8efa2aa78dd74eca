package dev.knm.crypto;

import dev.knm.error.KeyMismatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * A new key file for rotate-key: written first to a hidden file next to where it goes (owner-only),
 * put in place by {@link #commit()} once the store is re-sealed, removed by {@link #close()} if the
 * rotation failed, so that a failed rotation leaves no key file that matches nothing. Should knm be
 * killed between the store's commit and {@link #commit()}, the key is in {@link #temp()}, never
 * lost.
 */
public final class PendingKeyFile implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final Path createdDir; // a directory made for the key, removed again on failure
  private boolean done;

  private PendingKeyFile(Path target, Path temp, Path createdDir) {
    this.target = target;
    this.temp = temp;
    this.createdDir = createdDir;
  }

  /**
   * Writes {@code key} (base64, mode 0600) to a temporary file in {@code target}'s directory
   * (created 0700 if missing).
   *
   * @throws KeyMismatchException when the file cannot be written, or {@code target} exists
   */
  public static PendingKeyFile write(Path target, EncryptionKey key) {
    Path file = target.toAbsolutePath();
    if (Files.exists(file)) {
      throw new KeyMismatchException("key file " + target + " exists already");
    }
    Path dir = file.getParent();
    Path created = null;
    try {
      if (!Files.isDirectory(dir)) {
        Path top = dir;
        while (top.getParent() != null && !Files.exists(top.getParent())) {
          top = top.getParent();
        }
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        created = top;
      }
      Path tmp =
          Files.createTempFile(
              dir,
              "." + file.getFileName() + ".",
              ".pending",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(
          tmp,
          (Base64.getEncoder().encodeToString(key.rawBytes()) + "\n")
              .getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.TRUNCATE_EXISTING);
      return new PendingKeyFile(target, tmp, created);
    } catch (IOException | UnsupportedOperationException e) {
      removeQuietly(created);
      throw new KeyMismatchException("cannot write key file " + target + ": " + e.getMessage());
    }
  }

  /** Where the key is until {@link #commit()}. */
  public Path temp() {
    return temp;
  }

  /**
   * Puts the key file in place (without replacing a file that appeared meanwhile).
   *
   * @throws KeyMismatchException naming {@link #temp()}, which is then kept: it holds the key
   */
  public void commit() {
    try {
      try {
        Files.createLink(target, temp); // atomic, and never replaces
        Files.delete(temp);
      } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
        if (Files.exists(target)) {
          throw e;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE); // no hard links here
      }
      done = true;
    } catch (IOException | UnsupportedOperationException e) {
      done = true; // keep the temporary file: it is the only copy of the key now in use
      throw new KeyMismatchException(
          "the store is sealed with the new key, but it could not be put in "
              + target
              + " ("
              + e.getClass().getSimpleName()
              + "): it is in "
              + temp
              + "; move it there");
    }
  }

  /** Removes the temporary file (and a directory made for it) unless committed. */
  @Override
  public void close() {
    if (!done) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // nothing more to do: it is owner-only
      }
      removeQuietly(createdDir);
    }
  }

  private static void removeQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p); // empty directories only: a file stops it
                  }
                } catch (IOException ignored) {
                  // not empty: left as it is
                }
              });
    } catch (IOException ignored) {
      // left behind: empty directories only
    }
  }
}
