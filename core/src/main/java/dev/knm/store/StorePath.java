package dev.knm.store;

import dev.knm.error.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Where an H2 store file may be, checked before knm creates or opens anything there: its directory
 * (or, when that does not exist yet, the nearest one that does, under which knm creates it) belongs
 * to the user running knm (or to root: system directories, a container's volume), is not writable
 * by every user, and is not in a device or kernel file system; the path and its {@code .mv.db}
 * file, when they exist, are regular files (not {@code /dev/null}, a FIFO or a device). A read
 * finds an existing store: only a command that may create one (import, or the default location's
 * first use) makes a new file.
 *
 * <p>Why: in a directory another user can write (/tmp, someone else's home), that user can put a
 * symbolic link where knm will create its file, and knm would write the store, or truncate a file,
 * wherever it points; running as root makes that worse, not better.
 */
final class StorePath {
  private static final List<Path> KERNEL_FILE_SYSTEMS =
      List.of(Path.of("/dev"), Path.of("/proc"), Path.of("/sys"));

  private StorePath() {}

  /**
   * @param base the H2 file's base path (without {@code .mv.db})
   * @param mayCreate false for commands that only use an existing store
   * @throws StoreException one line naming the path and what is wrong
   */
  static void check(Path base, boolean mayCreate) {
    if (Files.exists(base, LinkOption.NOFOLLOW_LINKS)
        && !Files.isDirectory(base)
        && !Files.isRegularFile(base)) {
      throw new StoreException(
          "cannot use store " + base + ": it names a device or special file, not a store");
    }
    Path data = Path.of(base + ".mv.db");
    if (Files.exists(data, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(data)) {
      throw new StoreException("cannot use store " + base + ": " + data + " is not a regular file");
    }
    Path dir = nearestExisting(base.toAbsolutePath().getParent());
    if (dir == null || !Files.isDirectory(dir)) {
      throw new StoreException("cannot use store " + base + ": " + dir + " is not a directory");
    }
    Path real;
    try {
      real = dir.toRealPath();
    } catch (IOException e) {
      throw new StoreException("cannot use store " + base + ": " + dir + " cannot be resolved");
    }
    for (Path kernel : KERNEL_FILE_SYSTEMS) {
      if (real.startsWith(kernel)) {
        throw new StoreException(
            "cannot use store " + base + ": " + kernel + " is not a place for a store");
      }
    }
    Integer me = currentUid();
    Integer owner = uid(real);
    if (me != null && owner != null && !me.equals(owner) && owner != 0) {
      throw new StoreException(
          "cannot use store "
              + base
              + ": directory "
              + real
              + " belongs to another user (uid "
              + owner
              + "); use a directory of your own");
    }
    if (worldWritable(real)) {
      throw new StoreException(
          "cannot use store "
              + base
              + ": directory "
              + real
              + " is writable by every user; use a directory of your own");
    }
    if (!mayCreate && !Files.exists(data)) {
      throw new StoreException("no store at " + base + "; create one with import");
    }
  }

  private static Path nearestExisting(Path dir) {
    Path d = dir;
    while (d != null && !Files.exists(d)) {
      d = d.getParent();
    }
    return d;
  }

  /** The uid of this process, or null where there is none (not a Unix system). */
  private static Integer currentUid() {
    try {
      return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    } catch (LinkageError | RuntimeException e) {
      return null;
    }
  }

  private static boolean worldWritable(Path p) {
    try {
      return Files.getPosixFilePermissions(p)
          .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static Integer uid(Path p) {
    try {
      return (Integer) Files.getAttribute(p, "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }
}
