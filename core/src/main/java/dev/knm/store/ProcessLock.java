package dev.knm.store;

import dev.knm.error.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes store operations of all knm processes on one H2 file with an OS file lock ({@code
 * <file>.knm.lock}, released by the OS when a process dies).
 *
 * <p>Why: {@link Store} opens an H2 file for each operation and closes it before this lock is
 * released, so only one process at a time has the file open, and H2's own locking (an OS lock on
 * the file) never has a second contender. Operations are short, so the cost is a few milliseconds
 * of waiting at most. (Before, with H2's AUTO_SERVER, the first process served the others over
 * loopback TCP; when it exited every client reconnected at once and H2's lock-file protocol could
 * livelock, "Lock file recently modified" for every contender, measured with 16 processes. A URL
 * that asks for AUTO_SERVER still gets it, under this lock.) PostgreSQL stores need no such lock.
 */
final class ProcessLock implements AutoCloseable {
  private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
  private static final ProcessLock NONE = new ProcessLock(null, null, null);

  private final ReentrantLock jvmLock;
  private final FileChannel channel;
  private final FileLock fileLock;

  private ProcessLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
    this.jvmLock = jvmLock;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  static ProcessLock acquire(StoreLocation location) {
    Path db = location.h2File();
    if (db == null) {
      return NONE;
    }
    Path file = Path.of(db + ".knm.lock");
    ReentrantLock jvmLock = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
    jvmLock.lock();
    if (jvmLock.getHoldCount() > 1) {
      return new ProcessLock(jvmLock, null, null); // re-entered: the file lock is already held
    }
    FileChannel ch = null;
    try {
      Path dir = file.getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      if (!Files.exists(file)) {
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // created by another process: fine
        }
      }
      ch = FileChannel.open(file, StandardOpenOption.WRITE);
      return new ProcessLock(jvmLock, ch, ch.lock());
    } catch (IOException | RuntimeException e) {
      try {
        if (ch != null) {
          ch.close();
        }
      } catch (IOException ignored) {
        // nothing to release
      }
      jvmLock.unlock();
      throw new StoreException(
          "cannot open store " + location.redacted() + ": cannot lock " + file + ": " + e);
    }
  }

  @Override
  public void close() {
    if (jvmLock == null) {
      return;
    }
    try {
      if (fileLock != null) {
        fileLock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // the OS releases the lock with the channel
    } finally {
      jvmLock.unlock();
    }
  }
}
