package dev.knm.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.cli.Main;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must show (issue #11): {@code knm watch -o ndjson | head -5} ends by itself with exit 0 after
 * five changes: a real knm process, a real pipe, a real head, bash's pipefail so that knm's own
 * status is the pipeline's. And SIGTERM ends a recording watch with 0 after it wrote its record.
 */
class WatchPipeProcessTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  @Test
  void headFiveEndsKnmWithExitZero() throws Exception {
    try (Sandbox sb = Sandbox.start(SandboxOptions.builder().nodes(3).pods(0).build())) {
      CliRunner cli = new CliRunner(home);
      Path kc = sb.writeKubeconfig(home.resolve("kc"));
      Result r = cli.run("import", "lab", "--kubeconfig", kc.toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
      Path err = home.resolve("knm.err");

      // given knm watch -o ndjson piped into head -5
      Process p = pipeline(cli, "watch -o ndjson 2>" + err + " | head -5");
      awaitLine(err, "cluster lab: synced, 3 nodes (3 Ready)");

      // when nodes keep changing (a label a tenth of a second) until the pipeline ends
      SandboxApi api = new SandboxApi(sb);
      int i = 0;
      long end = System.nanoTime() + 60_000_000_000L;
      while (p.isAlive() && System.nanoTime() < end) {
        api.label(Scenario.nodeName(i % 3), "seq", "v" + i++);
        Thread.sleep(100);
      }

      // then it ended by itself: exit 0 (pipefail: knm's status), five ndjson changes, no error
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(Files.readString(err)).isZero();
      List<String> lines = out.lines().toList();
      assertThat(lines).hasSize(5);
      for (int k = 0; k < 5; k++) {
        assertThat(JSON.readTree(lines.get(k)).path("new").asText()).isEqualTo("v" + k);
      }
      assertThat(i).as("changes made until knm noticed").isBetween(6, 20);
      assertThat(Files.readString(err)).isEqualTo("cluster lab: synced, 3 nodes (3 Ready)\n");
    }
  }

  @Test
  void sigtermStopsARecordingWatchWithExitZeroAfterWritingTheRecord() throws Exception {
    try (Sandbox sb = Sandbox.start(SandboxOptions.builder().nodes(3).pods(0).build())) {
      CliRunner cli = new CliRunner(home);
      Path kc = sb.writeKubeconfig(home.resolve("kc"));
      assertThat(cli.run("import", "lab", "--kubeconfig", kc.toString()).exitCode()).isZero();
      Path err = home.resolve("knm.err");
      Path out = home.resolve("knm.out");
      Process p = pipeline(cli, "exec " + java(cli) + " watch --record > " + out + " 2>" + err);
      awaitLine(err, "cluster lab: synced, 3 nodes (3 Ready)");
      new SandboxApi(sb).label(Scenario.nodeName(0), "stop", "now");
      awaitLine(out, null);

      p.destroy(); // SIGTERM

      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(Files.readString(err)).isZero();
      Result events = cli.run("events", "-o", "ndjson");
      assertThat(events.out().lines().map(l -> l.contains("\"field\":\"stop\"")).toList())
          .containsExactly(true);
    }
  }

  private static String java(CliRunner cli) {
    String java = ProcessHandle.current().info().command().orElse("java");
    return "'"
        + java
        + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
        + System.getProperty("java.class.path")
        + "' "
        + Main.class.getName();
  }

  /** bash -c with pipefail: "knm ARGS..." is the knm command line. */
  private static Process pipeline(CliRunner cli, String script) throws Exception {
    String line = script.startsWith("exec ") ? script : java(cli) + " " + script;
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail; " + line);
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv("PATH"));
    pb.environment().putAll(cli.env());
    pb.redirectErrorStream(false);
    return pb.start();
  }

  /** Waits for {@code line} in {@code file} (null: any line), 60 s at most. */
  private static void awaitLine(Path file, String line) throws Exception {
    long end = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < end) {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        if (line == null ? !lines.isEmpty() : lines.contains(line)) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "no '" + line + "' in " + file + ": " + (Files.exists(file) ? Files.readString(file) : ""));
  }
}
