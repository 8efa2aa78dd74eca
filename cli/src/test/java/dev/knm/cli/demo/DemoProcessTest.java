package dev.knm.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.cli.KnmProcess;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `knm demo` as a real process, with stdin from /dev/null, its temporary files in a folder of the
 * test's own: it runs to the end (exit 0) or is stopped with Ctrl-C during the watch (130), and in
 * both cases leaves no process, no open port and no file behind.
 */
class DemoProcessTest {
  @TempDir Path logs;
  @TempDir Path home;
  @TempDir Path tmp;

  @Test
  void runsToTheEndWithNoInputAndLeavesNothingBehind() throws Exception {
    // when
    try (KnmProcess knm = start("plain", "demo")) {
      int code = knm.waitFor(Duration.ofMinutes(2));

      // then
      assertThat(code).as(knm.err()).isZero();
      assertThat(knm.out()).contains("\n==> done: the sandbox is stopped");
      assertNothingLeft(knm);
    }
  }

  @Test
  void ctrlCDuringTheWatchEndsWith130AndLeavesNothingBehind() throws Exception {
    // given: the demo in its watch (long enough not to end by itself)
    try (KnmProcess knm = start("sigint", "demo", "--watch-for", "60s")) {
      awaitOutput(knm, "cluster gpu-large: synced");
      // KnmProcess gives the process a default SIGINT even when this JVM ignores it (a background
      // job); only where that cannot be done is the test skipped, saying why
      Assumptions.assumeFalse(
          KnmProcess.sigintIgnored(knm.pid()),
          "SIGINT is ignored by the knm process (this JVM ignores it, and env cannot reset it)");

      // when: Ctrl-C
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(knm.pid())).start();
      assertThat(kill.waitFor()).isZero();
      int code = knm.waitFor(Duration.ofSeconds(60));

      // then
      assertThat(code).as(knm.err()).isEqualTo(130);
      assertThat(knm.out()).contains("==> knm watch -c gpu-large").doesNotContain("==> done");
      assertNothingLeft(knm);
    }
  }

  private KnmProcess start(String label, String... args) throws Exception {
    return KnmProcess.start(
        logs,
        label,
        Map.of("HOME", home.toString(), "TMPDIR", tmp.toString(), "PATH", "/usr/bin:/bin"),
        List.of("-Djava.io.tmpdir=" + tmp),
        args);
  }

  /** No process of it, its sandbox's port closed, nothing in its TMPDIR nor in HOME. */
  private void assertNothingLeft(KnmProcess knm) throws Exception {
    assertThat(knm.alive()).isFalse();
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(tmp.toString())))
        .as("processes whose command line names the demo's TMPDIR")
        .isEmpty();
    int port = DemoCommandTest.DemoOutput.port(knm.out());
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).as("left in TMPDIR").isEmpty();
    }
    try (Stream<Path> files = Files.list(home)) {
      assertThat(files).as("left in HOME").isEmpty();
    }
  }

  private static void awaitOutput(KnmProcess knm, String text) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!knm.err().contains(text) && !knm.out().contains(text)) {
      assertThat(knm.alive()).as("knm ended before \"%s\": %s", text, knm.err()).isTrue();
      assertThat(System.nanoTime() < end).as("no \"%s\" in time: %s", text, knm.err()).isTrue();
      Thread.sleep(100);
    }
  }
}
