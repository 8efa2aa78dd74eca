package dev.knm.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 file store opened and closed for each operation, without H2's compaction on close (it can
 * lose the last writes, see {@link H2Compaction}): it stays small, keeps every row, and no close
 * fails.
 */
class H2CompactionTest {
  @TempDir Path dir;

  @Test
  void aFileWrittenManyTimesStaysSmallKeepsEveryRowAndClosesCleanly() throws Exception {
    // given: a store on an H2 file
    Path file = dir.resolve("knm");
    Random random = new Random(7);
    int writes = 300;
    try (Store store = Store.open("jdbc:h2:file:" + file)) {
      // when: 300 operations write a row of 4 KB each (one chunk of the file per operation)
      for (int i = 0; i < writes; i++) {
        String line = randomText(random, 4096);
        store.inTransaction(
            h -> {
              h.attach(AuditDao.class)
                  .insert(Instant.now(), "u", "h", "import", "c", null, line, "ok", 0, null);
              return null;
            });
      }
    }

    // then: about 1.2 MB of rows in a file that never grew past the compaction point by much
    // (without compaction it is over 6 MB), every row there, owner-only, and no close failed
    Path mv = Path.of(file + ".mv.db");
    assertThat(Files.size(mv)).isLessThan(H2Compaction.MIN_FILE_BYTES + (1 << 20));
    assertThat(Files.getPosixFilePermissions(mv))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    try (Store reopened = Store.open("jdbc:h2:file:" + file)) {
      long rows =
          reopened.read(
              h -> h.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Long.class).one());
      assertThat(rows).isEqualTo(writes);
    }
    assertThat(closeFailures(file)).isEmpty();
  }

  /** H2 logs a failed close of the database in its trace file (errors are traced by default). */
  static String closeFailures(Path file) throws java.io.IOException {
    Path trace = Path.of(file + ".trace.db");
    if (!Files.exists(trace)) {
      return "";
    }
    return Files.readAllLines(trace).stream()
        .filter(l -> l.contains("database: close") || l.contains("\"Closing\""))
        .reduce("", (a, b) -> a + b + "\n");
  }

  private static String randomText(Random random, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }
}
