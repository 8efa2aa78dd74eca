package dev.knm.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several knm processes at once on one H2 file: cron + watch + scripts. */
class H2MultiProcessTest {
  static final int PROCESSES = 16;
  static final int PER_PROCESS = 6;
  @TempDir Path dir;

  static Process start(Path log, String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            java,
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xmx96m",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            StoreWorker.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void sixteenProcessesRaceSchemaCreationInsertsListsAndDeletes() throws Exception {
    // given a store file that does not exist yet
    String url = "jdbc:h2:file:" + dir.resolve("shared/knm");
    // when 16 processes start at once
    List<Process> ps = new ArrayList<>();
    for (int w = 0; w < PROCESSES; w++) {
      ps.add(start(dir.resolve("w" + w + ".log"), "work", url, "" + w, "" + PER_PROCESS));
    }
    // then all exit 0
    for (int w = 0; w < PROCESSES; w++) {
      assertThat(ps.get(w).waitFor(170, TimeUnit.SECONDS)).isTrue();
      assertThat(ps.get(w).exitValue())
          .withFailMessage(() -> "worker exited non-zero:\n" + readQuiet(dir, ps))
          .isZero();
    }
    // and every inserted row is there, soft-deleted exactly where asked
    try (Store store = Store.open(url)) {
      List<String> rows =
          store.withHandle(
              h ->
                  h.createQuery(
                          "SELECT name || ':' || CASE WHEN deleted_at IS NULL THEN 'live' ELSE"
                              + " 'deleted' END FROM clusters ORDER BY name")
                      .mapTo(String.class)
                      .list());
      List<String> expected = new ArrayList<>();
      for (int w = 0; w < PROCESSES; w++) {
        for (int i = 0; i < PER_PROCESS; i++) {
          expected.add("w" + w + "-" + i + ":" + (i % 3 == 2 ? "deleted" : "live"));
        }
      }
      expected.sort(null);
      assertThat(rows).containsExactlyElementsOf(expected);
      long history =
          store.withHandle(
              h ->
                  h.createQuery(
                          "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '1'")
                      .mapTo(Long.class)
                      .one());
      assertThat(history).isEqualTo(1);
    }
  }

  @Test
  void aCurrentSchemaDoesNotLoadFlyway() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("current/knm");
    try (Store store = Store.open(url)) {
      store.read(h -> null); // creates the schema
    }
    Path log = dir.resolve("flyway.log");
    Process p = start(log, "flyway", url);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readAllLines(log)).containsExactly("flyway-loaded=false");
    // and a store that is behind does load it (the probe is meaningful)
    Path log2 = dir.resolve("flyway2.log");
    Process p2 = start(log2, "flyway", "jdbc:h2:file:" + dir.resolve("fresh/knm"));
    assertThat(p2.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readAllLines(log2)).last().isEqualTo("flyway-loaded=true");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      return "";
    }
  }

  private static String readQuiet(Path dir, List<Process> ps) {
    StringBuilder sb = new StringBuilder();
    for (int w = 0; w < ps.size(); w++) {
      if (ps.get(w).exitValue() != 0) {
        sb.append("--- w").append(w).append(File.separator).append('\n');
        sb.append(read(dir.resolve("w" + w + ".log")));
      }
    }
    return sb.toString();
  }
}
