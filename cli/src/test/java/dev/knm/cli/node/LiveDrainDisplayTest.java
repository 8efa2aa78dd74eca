package dev.knm.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.cli.Main;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a terminal (a tmux pane, on its own socket) knm drain redraws one row per node in place, names
 * the budget that blocks, and leaves a clean summary when done.
 */
class LiveDrainDisplayTest {
  @TempDir Path home;

  private String tmux(Path socket, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  @Test
  void a_terminal_gets_a_live_table_redrawn_in_place_and_a_summary() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is installed");
    try (Sandbox sb =
        Sandbox.start(
            SandboxOptions.builder().nodes(3).pods(0).graceCap(Duration.ofMillis(100)).build())) {
      String store = "jdbc:h2:file:" + home.resolve("store");
      CliRunner cli = new CliRunner(home).env("KNM_STORE", store);
      Result r =
          cli.run(
              "import", "sb", "--kubeconfig", sb.writeKubeconfig(home.resolve("kc")).toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
      String a = Scenario.nodeName(1);
      String b = Scenario.nodeName(2);
      for (int i = 0; i < 3; i++) {
        sb.addPod("team-3", "web-" + i, a, Scenario.PodKind.REPLICA_SET, "web");
        sb.addPod("team-4", "api-" + i, b, Scenario.PodKind.REPLICA_SET, "api");
      }
      sb.createPdb("team-3", "web", Map.of("app", "web"), 3, null);

      // when: knm drain runs in a 150x20 tmux pane
      StringBuilder env = new StringBuilder("env -i PATH=/usr/bin:/bin TERM=xterm-256color");
      cli.env().forEach((k, v) -> env.append(' ').append(k).append('=').append(v));
      env.append(" KNM_DRAIN_RETRY_DELAY=200ms");
      String command =
          env
              + " "
              + ProcessHandle.current().info().command().orElse("java")
              + " -cp "
              + System.getProperty("java.class.path")
              + " "
              + Main.class.getName()
              + " drain "
              + a
              + " "
              + b
              + " -c sb --max-concurrent-nodes 2; echo EXIT=$?; sleep 60";
      Path script = Files.writeString(home.resolve("run.sh"), command + "\n");
      Path socket = home.resolve("tmux.sock");
      tmux(socket, "new-session", "-d", "-s", "drain", "-x", "150", "-y", "20", "sh " + script);
      try {
        // then: while the budget holds, a row says so
        String during = waitForPane(socket, "allows 0 disruptions");
        assertThat(during)
            .containsPattern(
                a.replace(".", "\\.")
                    + " +draining +[0-3]/3 +\\d +[1-3] +\\d+s +pdb team-3/web allows 0"
                    + " disruptions \\(needs 3 healthy, has 3\\)");
        // when: the budget is relaxed, both nodes drain, and the table stays as a summary
        sb.updatePdb("team-3", "web", 0, null);
        String end = waitForPane(socket, "EXIT=");
        assertThat(end).contains("EXIT=0");
        assertThat(end).containsPattern("NODE +STATUS +EVICTED +WAITING +BLOCKED +ELAPSED");
        assertThat(end).containsPattern(a.replace(".", "\\.") + " +drained +3/3 +0 +0 +\\d+s");
        assertThat(end).containsPattern(b.replace(".", "\\.") + " +drained +3/3 +0 +0 +\\d+s");
        // redrawn in place: one header, not one per refresh
        assertThat(end.split("NODE +STATUS", -1)).hasSize(2);
      } finally {
        tmux(socket, "kill-server");
      }
    }
  }

  private String waitForPane(Path socket, String text) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String pane = "";
    while (System.nanoTime() < end) {
      pane = tmux(socket, "capture-pane", "-p", "-t", "drain");
      if (pane.contains(text)) {
        return pane;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the pane never showed '" + text + "':\n" + pane);
  }
}
