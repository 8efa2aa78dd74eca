package dev.knm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.knm.error.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #9 item 9: where an H2 store may be, and a read never creates one. */
class StorePathTest {
  @TempDir Path dir;

  private static StoreLocation at(Path base) {
    return StoreLocation.of("jdbc:h2:file:" + base, Map.of());
  }

  @Test
  void aDeviceIsNotAStore() {
    assertThatThrownBy(() -> Store.open(at(Path.of("/dev/null")), true))
        .isInstanceOf(StoreException.class)
        .hasMessage("cannot use store /dev/null: it names a device or special file, not a store");
    assertThat(Path.of("/dev/null.mv.db")).doesNotExist();
  }

  @Test
  void aStoreInADeviceFileSystemIsRefused() {
    assertThatThrownBy(() -> Store.open(at(Path.of("/dev/knm-test-store")), true))
        .isInstanceOf(StoreException.class)
        .hasMessage("cannot use store /dev/knm-test-store: /dev is not a place for a store");
    assertThat(Path.of("/dev/knm-test-store.mv.db")).doesNotExist();
  }

  @Test
  void aDataFileThatIsNotARegularFileIsRefused() throws Exception {
    Path base = dir.resolve("knm");
    Files.createSymbolicLink(Path.of(base + ".mv.db"), Path.of("/dev/zero"));
    assertThatThrownBy(() -> Store.open(at(base), true))
        .isInstanceOf(StoreException.class)
        .hasMessage("cannot use store " + base + ": " + base + ".mv.db is not a regular file");
  }

  @Test
  void aDirectoryOfAnotherUserIsRefused() throws Exception {
    // only root can give a directory away: elsewhere this cannot be set up
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to chown");
    Path theirs = Files.createDirectory(dir.resolve("theirs"));
    Files.setAttribute(theirs, "unix:uid", 65534);
    Path base = theirs.resolve("sub/knm");
    assertThatThrownBy(() -> Store.open(at(base), true))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot use store "
                + base
                + ": directory "
                + theirs.toRealPath()
                + " belongs to another user (uid 65534); use a directory of your own");
    assertThat(theirs.resolve("sub")).doesNotExist();
  }

  @Test
  void aDirectoryEveryUserCanWriteIsRefused() throws Exception {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path base = shared.resolve("knm");
    assertThatThrownBy(() -> Store.open(at(base), true))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot use store "
                + base
                + ": directory "
                + shared.toRealPath()
                + " is writable by every user; use a directory of your own");
    assertThat(Path.of(base + ".mv.db")).doesNotExist();
  }

  @Test
  void aReadOfAStoreThatDoesNotExistSaysSoAndCreatesNothing() {
    Path base = dir.resolve("typo/knm");
    assertThatThrownBy(() -> Store.open(at(base), false))
        .isInstanceOf(StoreException.class)
        .hasMessage("no store at " + base + "; create one with import");
    assertThat(dir.resolve("typo")).doesNotExist();
  }

  @Test
  void aStoreThatMayBeCreatedIsCreatedThenOpensForReads() {
    Path base = dir.resolve("new/knm");
    try (Store s = Store.open(at(base), true)) {
      s.read(h -> null);
    }
    try (Store s = Store.open(at(base), false)) {
      int one = s.read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
      assertThat(one).isEqualTo(1);
    }
  }
}
