package dev.knm.cluster.kubeconfig;

import dev.knm.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads kubeconfig bytes from a file or a stream, never more than {@link #MAX_BYTES} (+1 to detect
 * an oversized input without reading the rest).
 */
public final class KubeconfigSources {

  /** The largest kubeconfig accepted: 4 MiB. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  private KubeconfigSources() {}

  /**
   * Reads a kubeconfig file. Its origin in messages is the path as given, its base directory (for
   * relative file references) the file's parent directory.
   *
   * @throws InvalidInputException if the file is missing, a directory, unreadable or over 4 MiB
   */
  public static KubeconfigSource fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    String origin = file.toString();
    if (Files.isDirectory(file)) {
      throw new InvalidInputException("kubeconfig " + origin + " is a directory, not a file");
    }
    Path baseDir = file.toAbsolutePath().normalize().getParent();
    try (InputStream in = Files.newInputStream(file)) {
      return new KubeconfigSource(origin, readLimited(in, origin), baseDir);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("kubeconfig " + origin + " does not exist");
    } catch (AccessDeniedException e) {
      throw new InvalidInputException(
          "kubeconfig " + origin + " cannot be read (permission denied)");
    } catch (IOException e) {
      throw new InvalidInputException("kubeconfig " + origin + " cannot be read: " + reason(e));
    }
  }

  /**
   * Reads a kubeconfig from a stream (stdin). The stream is not closed. Relative file references
   * are later resolved against the working directory.
   *
   * @param origin names the source in messages, e.g. "stdin"
   * @throws InvalidInputException if the stream fails or holds more than 4 MiB
   */
  public static KubeconfigSource fromStream(InputStream in, String origin) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(origin, "origin");
    try {
      return new KubeconfigSource(origin, readLimited(in, origin), null);
    } catch (IOException e) {
      throw new InvalidInputException("kubeconfig " + origin + " cannot be read: " + reason(e));
    }
  }

  private static byte[] readLimited(InputStream in, String origin) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new InvalidInputException("kubeconfig " + origin + " is larger than 4 MiB");
    }
    return bytes;
  }

  /** One line, from the exception's kind and message (I/O messages name paths, not contents). */
  static String reason(IOException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return message.lines().findFirst().orElse(message).strip();
  }
}
