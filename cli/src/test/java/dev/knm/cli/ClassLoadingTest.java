package dev.knm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cold JVM pays for: commands that only read the store must not load the sandbox (Vert.x) or
 * any Kubernetes client; `list nodes` and `list pods` in table and name output go through the lean
 * transport and the jackson-core decoders, without fabric8 or Jackson databind (hundreds of classes
 * each); both read the store on plain JDBC, without setting Jdbi up (its registry, factories and
 * slf4j).
 */
class ClassLoadingTest {
  @TempDir Path home;

  @Test
  void listLoadsNeitherTheSandboxNorTheKubernetesClient() throws Exception {
    // given: a store with one cluster
    CliRunner cli = new CliRunner(home);
    Path kc =
        Files.writeString(
            home.resolve("k.yaml"), CliRunner.kubeconfig("https://127.0.0.1:1", "c", "t"));
    assertThat(cli.run("import", "one", "--kubeconfig", kc.toString(), "--no-verify").exitCode())
        .isZero();

    // when: `knm list` runs in its own JVM with class loading logged
    String log = runLogged(cli, "list");

    // then
    assertThat(log).contains("dev.knm.store.Store ").contains("one ");
    assertThat(loaded(log))
        .noneMatch(l -> l.contains(" dev.knm.sandbox."))
        .noneMatch(l -> l.contains(" io.vertx."))
        .noneMatch(l -> l.contains(" io.fabric8."))
        .noneMatch(l -> l.contains(" com.fasterxml.jackson."))
        .noneMatch(l -> l.contains(" org.flywaydb."))
        .noneMatch(l -> l.contains(" org.jdbi.v3.core.Jdbi "))
        .noneMatch(l -> l.contains(" org.slf4j."));
  }

  @Test
  void listNodesAndPodsLoadNeitherFabric8NorJacksonDatabind() throws Exception {
    // given: a sandbox (in this JVM) imported with a token kubeconfig
    CliRunner cli = new CliRunner(home);
    try (Sandbox sandbox =
        Sandbox.start(SandboxOptions.builder().nodes(3).pods(20).seed(5).build())) {
      Path kc = sandbox.writeKubeconfig(home.resolve("sb.kubeconfig"));
      assertThat(cli.run("import", "sb", "--kubeconfig", kc.toString()).exitCode()).isZero();

      String node = sandbox.store().list(ResourceType.NODE, null, null).get(0).name();
      String pod = sandbox.store().list(ResourceType.POD, null, null).get(0).name();
      for (String[] args :
          new String[][] {
            {"list", "nodes", "-c", "sb"},
            {"list", "nodes", "-c", "sb", "-o", "name"},
            {"list", "pods", "-A", "-c", "sb"},
            {"list", "pods", "-A", "-c", "sb", "-o", "name"}
          }) {
        // when: the command runs in its own JVM with class loading logged
        String log = runLogged(cli, args);

        // then: it printed what the sandbox holds, through the lean path only
        assertThat(log).as(String.join(" ", args)).contains(args[1].equals("nodes") ? node : pod);
        assertThat(loaded(log))
            .as(String.join(" ", args))
            .anyMatch(l -> l.contains(" dev.knm.kube.transport.JdkApiTransport "))
            .noneMatch(l -> l.contains(" io.fabric8."))
            .noneMatch(l -> l.contains(" com.fasterxml.jackson.databind."))
            .noneMatch(l -> l.contains(" dev.knm.sandbox."))
            .noneMatch(l -> l.contains(" org.flywaydb."))
            .noneMatch(l -> l.contains(" org.jdbi.v3.core.Jdbi "));
      }
    }
  }

  private static List<String> loaded(String log) {
    return log.lines().filter(l -> l.contains("class,load")).toList();
  }

  /** Runs knm in a fresh JVM with -Xlog:class+load; returns its output and the log, asserts 0. */
  private static String runLogged(CliRunner cli, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xlog:class+load=info");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(cli.env());
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    return log;
  }
}
