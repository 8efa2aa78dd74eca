package dev.knm.cli.demo;

import dev.knm.crypto.EncryptionKey;
import dev.knm.crypto.PendingKeyFile;
import dev.knm.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's temporary directory (owner-only, in java.io.tmpdir): the sandbox's kubeconfig and,
 * unless the user named their own, the throw-away store and key. Deleted with all it holds.
 */
final class DemoWorkspace implements AutoCloseable {
  private final Path dir;

  private DemoWorkspace(Path dir) {
    this.dir = dir;
  }

  static DemoWorkspace create() {
    try {
      return new DemoWorkspace(Files.createTempDirectory("knm-demo-"));
    } catch (IOException e) {
      throw new InvalidInputException("cannot create a temporary directory: " + e.getMessage());
    }
  }

  Path dir() {
    return dir;
  }

  Path kubeconfig() {
    return dir.resolve(DemoCluster.NAME + ".kubeconfig");
  }

  /** An H2 store in the workspace. */
  String storeUrl() {
    return "jdbc:h2:file:" + dir.resolve("store");
  }

  /**
   * A new key in the workspace, written before the first command so that none says "created a new
   * encryption key: back it up now" about a key that is deleted minutes later.
   */
  Path newKeyFile() {
    Path file = dir.resolve("key");
    try (PendingKeyFile pending = PendingKeyFile.write(file, EncryptionKey.generate())) {
      pending.commit();
    }
    return file;
  }

  /** {@code env} with HOME and the XDG folders in the workspace: nothing lands in the user's. */
  Map<String, String> homeIn(Map<String, String> env) {
    Map<String, String> e = new HashMap<>(env);
    e.put("HOME", dir.resolve("home").toString());
    e.put("XDG_DATA_HOME", dir.resolve("home/data").toString());
    e.put("XDG_CONFIG_HOME", dir.resolve("home/config").toString());
    e.put("XDG_CACHE_HOME", dir.resolve("home/cache").toString());
    return e;
  }

  /** Deletes the directory and everything in it; what cannot be deleted is left, quietly. */
  @Override
  public void close() {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // best effort: a file that vanished meanwhile, or one that cannot be deleted
    }
  }
}
