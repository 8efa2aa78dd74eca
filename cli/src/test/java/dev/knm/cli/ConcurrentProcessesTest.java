package dev.knm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 16 knm processes started at once against one H2 store (imports, lists, removes), as a cron job,
 * an open watch and scripts would: every one exits 0 and every imported cluster is there after.
 */
class ConcurrentProcessesTest {
  private static final String KUBECONFIG =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: c
        cluster:
          server: https://127.0.0.1:6443
      users:
      - name: u
        user:
          token: concurrent-token
      contexts:
      - name: ctx
        context:
          cluster: c
          user: u
      current-context: ctx
      """;

  @TempDir Path home;

  @Test
  void sixteenProcessesShareOneH2Store() throws Exception {
    // given: a store that already holds the clusters some processes will remove
    Path kubeconfig = home.resolve("config.yaml");
    Files.writeString(kubeconfig, KUBECONFIG);
    CliRunner cli = new CliRunner(home);
    for (int i = 0; i < 4; i++) {
      assertThat(
              cli.run("import", "old-" + i, "--kubeconfig", kubeconfig.toString(), "--no-verify")
                  .exitCode())
          .isZero();
    }

    // when: 16 JVMs start at once: 8 imports, 4 lists, 4 removes
    List<Process> processes = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      List<String> args =
          switch (i % 4) {
            case 0, 1 ->
                List.of("import", "new-" + i, "--kubeconfig", kubeconfig.toString(), "--no-verify");
            case 2 -> List.of("list", "-o", "name");
            default -> List.of("remove", "old-" + (i / 4));
          };
      labels.add(String.join(" ", args));
      processes.add(start(cli, args));
    }

    // then: all succeed
    for (int i = 0; i < processes.size(); i++) {
      Process p = processes.get(i);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(labels.get(i) + " finished").isTrue();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(labels.get(i) + ": " + output).isZero();
    }
    // and every imported cluster is there, every removed one is gone
    CliRunner.Result list = cli.run("list", "-o", "name");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out().lines().sorted().toList())
        .containsExactly(
            "cluster/new-0",
            "cluster/new-1",
            "cluster/new-12",
            "cluster/new-13",
            "cluster/new-4",
            "cluster/new-5",
            "cluster/new-8",
            "cluster/new-9");
  }

  private static Process start(CliRunner cli, List<String> args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(cli.env());
    return pb.start();
  }
}
