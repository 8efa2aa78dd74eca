package dev.knm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner.Result;
import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash script `knm completion bash` prints, sourced in a real bash and asked for candidates as
 * bash asks on TAB (COMP_WORDS, COMP_CWORD, the _complete_knm function); dynamic values come from a
 * real `knm __complete` process (this module's classes) against a store of two clusters, one of
 * them an in-process sandbox. zsh and fish are tested where installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompletionCommandTest {
  @TempDir static Path home;
  private CliRunner cli;
  private Sandbox sandbox;
  private Sandbox slow;
  private Path knm;
  private Path script;

  @BeforeAll
  void storeWithTwoClustersAndAKnmCommand() throws IOException {
    cli = new CliRunner(home);
    sandbox = Sandbox.start(SandboxOptions.builder().nodes(3).pods(3).seed(11).build());
    slow = Sandbox.start(SandboxOptions.builder().nodes(1).pods(1).seed(12).build());
    importCluster("sb", sandbox);
    importCluster("slow", slow);
    // a knm command on PATH's terms: this module's classes in a fresh JVM, the test's HOME
    knm = home.resolve("bin/knm");
    Files.createDirectories(knm.getParent());
    Files.writeString(
        knm,
        "#!/bin/sh\nexec '"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' -XX:TieredStopAtLevel=1 -Xshare:auto -cp '"
            + System.getProperty("java.class.path")
            + "' dev.knm.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(knm, PosixFilePermissions.fromString("rwx------"));
    Result r = cli.run("completion", "bash");
    assertThat(r.exitCode()).as(r.err()).isZero();
    script = Files.writeString(home.resolve("knm.bash"), r.out());
  }

  private void importCluster(String name, Sandbox s) {
    Path kc = s.writeKubeconfig(home.resolve(name + ".kubeconfig"));
    Result r = cli.run("import", name, "--kubeconfig", kc.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @AfterAll
  void stop() {
    sandbox.close();
    slow.close();
  }

  @Test
  void commandNamesByPrefix() throws Exception {
    // `knm dr<TAB>`: drain is the one command starting with dr
    assertThat(complete("knm dr")).containsExactly("drain");
    assertThat(complete("knm co")).containsExactlyInAnyOrder("completion", "cordon");
    assertThat(complete("knm des")).containsExactly("describe");
    assertThat(complete("knm describe ")).containsExactly("cluster", "node", "no");
  }

  @Test
  void clusterNamesFromTheStore() throws Exception {
    // `knm drain -c <TAB>`
    assertThat(complete("knm drain -c ")).containsExactly("sb", "slow");
    assertThat(complete("knm drain --cluster s")).containsExactly("sb", "slow");
    assertThat(complete("knm cordon -c ")).containsExactly("sb", "slow");
    assertThat(complete("knm remove ")).containsExactly("sb", "slow");
    assertThat(complete("knm describe cluster sl")).containsExactly("slow");
    assertThat(complete("knm list nodes -c ")).containsExactly("sb", "slow");
  }

  @Test
  void nodeNamesOfTheChosenCluster() throws Exception {
    List<String> nodes =
        sandbox.store().list(ResourceType.NODE, null, null).stream()
            .map(o -> o.name())
            .sorted()
            .toList();
    assertThat(nodes).hasSize(3);
    // `knm drain -c sb <TAB>`: the sandbox's nodes; the same for every command taking NODE
    assertThat(complete("knm drain -c sb ")).isEqualTo(nodes);
    assertThat(complete("knm drain -c sb " + nodes.get(0) + " ")).isEqualTo(nodes);
    assertThat(complete("knm cordon -c sb ")).isEqualTo(nodes);
    assertThat(complete("knm uncordon --cluster sb ")).isEqualTo(nodes);
    assertThat(complete("knm describe node -c sb ")).isEqualTo(nodes);
    assertThat(complete("knm drain ")).isEmpty(); // no cluster chosen yet
  }

  @Test
  void aSlowClusterNeverHoldsTheShell() throws Exception {
    // given: a cluster that answers after 20 s
    slow.faults().latency(Duration.ofSeconds(20), Duration.ZERO);
    try {
      for (String command : List.of("drain", "describe node")) {
        long start = System.nanoTime();
        // when
        List<String> offered = complete("knm " + command + " -c slow ");
        // then: nothing offered, within the 2 s bound plus a JVM's start (generous: a loaded
        // machine)
        assertThat(offered).as(command).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as(command)
            .isLessThan(Duration.ofSeconds(15));
      }
    } finally {
      slow.faults().reset();
    }
  }

  @Test
  void outputFormatsAndContexts() throws Exception {
    assertThat(complete("knm list -o "))
        .containsExactly("table", "wide", "json", "yaml", "name", "ndjson");
    Path kc = home.resolve("sb.kubeconfig");
    assertThat(complete("knm import x --kubeconfig " + kc + " --context "))
        .containsExactly("sandbox", "sandbox-cert");
  }

  @Test
  void completingCreatesNoStoreAndNoKey(@TempDir Path fresh) {
    // given: a HOME without store or key
    CliRunner empty = new CliRunner(fresh);
    // when
    Result clusters = empty.run("__complete", "clusters");
    Result nodes = empty.run("__complete", "nodes", "sb");
    // then: nothing offered, nothing said, nothing created
    assertThat(clusters).isEqualTo(new Result(0, "", ""));
    assertThat(nodes).isEqualTo(new Result(0, "", ""));
    assertThat(fresh.resolve("data")).doesNotExist();
    assertThat(fresh.resolve("config")).doesNotExist();
  }

  @Test
  void zshRunsTheSameScript() throws Exception {
    Assumptions.assumeTrue(
        onPath("zsh"), "zsh is not installed here: the zsh script is not exercised");
    Result r = cli.run("completion", "zsh");
    Path zsh = Files.writeString(home.resolve("knm.zsh"), r.out());
    List<String> out =
        run(
            List.of(
                "zsh",
                "-c",
                "autoload -U +X compinit && compinit -u; source "
                    + zsh
                    + "; COMP_WORDS=(knm list -o ''); COMP_CWORD=3; COMP_LINE='knm list -o ';"
                    + " COMP_POINT=${#COMP_LINE}; _complete_knm; print -l -- $COMPREPLY"));
    assertThat(out).containsExactly("table", "wide", "json", "yaml", "name", "ndjson");
  }

  @Test
  void fishCompletesFromItsScript() throws Exception {
    Assumptions.assumeTrue(
        onPath("fish"), "fish is not installed here: the fish script is not exercised");
    Result r = cli.run("completion", "fish");
    Path fish = Files.writeString(home.resolve("knm.fish"), r.out());
    List<String> out =
        run(List.of("fish", "-c", "source " + fish + "; complete -C 'knm list -o '"));
    assertThat(out).extracting(l -> l.split("\t")[0]).contains("table", "json", "ndjson");
  }

  /** The candidates bash is offered for {@code line} (TAB at its end); "knm" is this test's. */
  private List<String> complete(String line) throws Exception {
    String bashLine = line.replaceFirst("^knm", knm.toString());
    String driver =
        """
        source "$1"
        COMP_LINE="$2"
        COMP_POINT=${#COMP_LINE}
        read -ra COMP_WORDS <<< "$COMP_LINE"
        [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMPREPLY=()
        _complete_knm
        printf '%s\\n' "${COMPREPLY[@]}"
        """;
    List<String> out = run(List.of("bash", "-c", driver, "bash", script.toString(), bashLine));
    return out.stream().filter(s -> !s.isEmpty()).toList();
  }

  private List<String> run(List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
    pb.environment().putAll(cli.env());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out.lines().toList();
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
