package dev.knm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that only read the store must not pay for the sandbox (Vert.x) or the Kubernetes client
 * (fabric8, Jackson): a cold JVM loads hundreds of classes for each.
 */
class ClassLoadingTest {
  @TempDir Path home;

  @Test
  void listLoadsNeitherTheSandboxNorTheKubernetesClient() throws Exception {
    // given: a store with one cluster
    CliRunner cli = new CliRunner(home);
    Path kc =
        java.nio.file.Files.writeString(
            home.resolve("k.yaml"), CliRunner.kubeconfig("https://127.0.0.1:1", "c", "t"));
    assertThat(cli.run("import", "one", "--kubeconfig", kc.toString(), "--no-verify").exitCode())
        .isZero();

    // when: `knm list` runs in its own JVM with class loading logged
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xlog:class+load=info");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("list");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(cli.env());
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    // then
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(log).contains("dev.knm.store.Store ").contains("one ");
    assertThat(log.lines().filter(l -> l.contains("class,load")))
        .noneMatch(l -> l.contains(" dev.knm.sandbox."))
        .noneMatch(l -> l.contains(" io.vertx."))
        .noneMatch(l -> l.contains(" io.fabric8."))
        .noneMatch(l -> l.contains(" com.fasterxml.jackson."))
        .noneMatch(l -> l.contains(" org.flywaydb."));
  }
}
