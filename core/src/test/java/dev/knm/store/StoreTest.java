package dev.knm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.error.StoreException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir Path dir;

  @Test
  void unreachablePostgresIsAFastOneLineStoreError() {
    Instant start = Instant.now();
    assertThatThrownBy(() -> Store.open("jdbc:postgresql://127.0.0.1:1/x?password=pw"))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "cannot open store jdbc:postgresql://127.0.0.1:1/x?password=***: Connection to"
                + " 127.0.0.1:1 refused")
        .message()
        .doesNotContain("\n")
        .doesNotContain("\tat ")
        .doesNotContain("pw");
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void defaultH2StoreIsOwnerOnly() throws Exception {
    Path data = dir.resolve("data");
    StoreLocation loc = StoreLocation.resolve(null, Map.of("XDG_DATA_HOME", data.toString()));
    try (Store store = Store.open(loc)) {
      assertThat(store.dialect()).isEqualTo(Dialect.H2);
      store.read(h -> null); // the first operation creates the file
    }
    assertThat(perms(data.resolve("knm"))).isEqualTo("rwx------");
    assertThat(perms(data.resolve("knm/knm.mv.db"))).isEqualTo("rw-------");
  }

  @Test
  void reopeningACurrentStoreDoesNotMigrateAgain() {
    String url = "jdbc:h2:file:" + dir.resolve("s/knm");
    try (Store store = Store.open(url)) {
      store.read(h -> null);
    }
    try (Store store = Store.open(url)) {
      store.read(h -> null);
      assertThat(store.schemaCurrent()).isTrue();
      long rows =
          store.withHandle(
              h ->
                  h.createQuery(
                          "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '1'")
                      .mapTo(Long.class)
                      .one());
      assertThat(rows).isEqualTo(1);
    }
  }

  @Test
  void anH2FileIsHeldOnlyDuringAnOperation() throws Exception {
    // given: a store on an H2 file, opened (schema checked) and used once
    Path file = dir.resolve("ops/knm");
    Path mv = Path.of(file + ".mv.db");
    try (Store store = Store.open("jdbc:h2:file:" + file)) {
      store.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());

      // when/then: between operations nothing holds the file (another process could open it)
      assertThat(lockable(mv)).isTrue();
      // and during one, H2 holds it (the probe can tell)
      boolean lockableDuringAnOperation = store.withHandle(h -> lockable(mv));
      assertThat(lockableDuringAnOperation).isFalse();
    }
  }

  @Test
  void aCommandOnACurrentH2StoreOpensTheFileOnce() {
    // given: a current H2 store, closed
    String url = "jdbc:h2:file:" + dir.resolve("once/knm");
    try (Store store = Store.open(url)) {
      store.read(h -> null);
    }
    // when: a command opens it and runs one operation
    try (Store store = Store.open(url)) {
      long migrations =
          store.read(
              h ->
                  h.createQuery(
                          "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '1'")
                      .mapTo(Long.class)
                      .one());

      // then: the schema check rode on that operation: one open of the file, not two
      assertThat(migrations).isEqualTo(1);
      assertThat(store.opens()).isEqualTo(1);
    }
  }

  @Test
  void aWriteInsideAReadIsRefusedOnAnH2FileAndChangesNothing() {
    // given
    String url = "jdbc:h2:file:" + dir.resolve("ro/knm");
    try (Store store = Store.open(url)) {
      store.read(h -> null);
      // when/then
      assertThatThrownBy(() -> store.read(h -> h.execute("CREATE TABLE extra (i INT)")))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "store operation failed on "
                  + url
                  + ";LOCK_TIMEOUT=10000: The database is read only");
      // and nothing was written
      long tables =
          store.withHandle(
              h ->
                  h.createQuery(
                          "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'EXTRA'")
                      .mapTo(Long.class)
                      .one());
      assertThat(tables).isZero();
    }
  }

  @Test
  void aStaleH2LockFileDoesNotStopAReadOnlyOpen() throws Exception {
    // given: a current store and the lock file of an AUTO_SERVER process that was killed (H2
    // refuses to open a database read-only while one exists)
    String url = "jdbc:h2:file:" + dir.resolve("stale/knm");
    try (Store store = Store.open(url)) {
      store.read(h -> null);
    }
    Files.writeString(dir.resolve("stale/knm.lock.db"), "#FileLock\nmethod=FILE\n");
    // when
    try (Store store = Store.open(url)) {
      int one = store.read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
      // then: it read at once (not after a minute of retries)
      assertThat(one).isEqualTo(1);
      assertThat(store.opens()).isEqualTo(1);
    }
  }

  @Test
  void anH2FileThatCannotBeOpenedIsACannotOpenStoreErrorOnTheFirstOperation() {
    // given: an H2 file made with one password, opened with another
    String base = "jdbc:h2:file:" + dir.resolve("pw/knm") + ";USER=knm;PASSWORD=";
    try (Store store = Store.open(base + "right")) {
      store.read(h -> null);
    }
    try (Store store = Store.open(base + "wrong")) {
      // when/then: the first operation reports a store that cannot be opened, on one line, with
      // the password hidden
      assertThatThrownBy(() -> store.read(h -> null))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "cannot open store jdbc:h2:file:"
                  + dir.resolve("pw/knm")
                  + ";USER=knm;PASSWORD=***;LOCK_TIMEOUT=10000: Wrong user name or password");
    }
  }

  /** True when this JVM can take the OS lock of {@code file}, i.e. no H2 database holds it. */
  private static boolean lockable(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock()) {
      return lock != null;
    } catch (OverlappingFileLockException e) {
      return false;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
