package dev.knm.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Scenario;
import dev.knm.sandbox.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity with kubectl drain: the real kubectl drains nodes of one sandbox, knm the same nodes of an
 * identical sandbox, for a node holding every kind of pod drain tells apart (DaemonSet, orphaned
 * DaemonSet, mirror, emptyDir, unmanaged, Succeeded, Failed, already being deleted, ReplicaSet) and
 * each of the 16 combinations of the four permission flags (--ignore-daemonsets,
 * --delete-emptydir-data, --force, --disable-eviction). Both must fail naming the same pods, or
 * both end with the same pods left on the node, with the same exit code.
 */
class DrainParityTest {
  @TempDir static Path home;
  static Sandbox forKubectl;
  static Sandbox forKnm;
  static CliRunner knm;
  static Path kubeconfig;

  @BeforeAll
  static void start() throws IOException {
    forKubectl = sandbox();
    forKnm = sandbox();
    kubeconfig = forKubectl.writeKubeconfig(home.resolve("kubectl.kubeconfig"));
    knm = new CliRunner(home).env("KNM_STORE", "jdbc:h2:file:" + home.resolve("store"));
    Result r =
        knm.run(
            "import",
            "sb",
            "--kubeconfig",
            forKnm.writeKubeconfig(home.resolve("knm.kubeconfig")).toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @AfterAll
  static void stop() {
    forKubectl.close();
    forKnm.close();
  }

  /** Identical sandboxes: the same calls in the same order (names are what is compared). */
  static Sandbox sandbox() {
    Sandbox sb =
        Sandbox.start(
            SandboxOptions.builder().nodes(5).pods(0).graceCap(Duration.ofMillis(100)).build());
    for (int i = 1; i <= 4; i++) {
      String node = Scenario.nodeName(i);
      sb.addPod("kube-system", "agent-" + i, node, Scenario.PodKind.DAEMON_SET, "agent");
      sb.addOrphanDaemonSetPod("par", "orphan-" + i, node, "gone");
      sb.addPod("kube-system", "static-" + i, node, Scenario.PodKind.MIRROR, null);
      sb.addPod("par", "scratch-" + i, node, Scenario.PodKind.EMPTY_DIR, "scratch");
      sb.addPod("par", "bare-" + i, node, Scenario.PodKind.BARE, null);
      sb.addPod("par", "done-" + i, node, Scenario.PodKind.SUCCEEDED, null);
      sb.addPod("par", "failed-" + i, node, Scenario.PodKind.FAILED, null);
      sb.addPod("par", "web-" + i, node, Scenario.PodKind.REPLICA_SET, "web");
      sb.addPod("par", "stuck-" + i, node, Scenario.PodKind.REPLICA_SET, "web");
      sb.holdTerminating("par", "stuck-" + i, Duration.ofMinutes(10));
    }
    return sb;
  }

  /** The flags of combination {@code bits} (1: daemonsets, 2: emptydir, 4: force, 8: eviction). */
  static List<String> flags(int bits) {
    List<String> f = new ArrayList<>();
    if ((bits & 1) != 0) {
      f.add("--ignore-daemonsets");
    }
    if ((bits & 2) != 0) {
      f.add("--delete-emptydir-data");
    }
    if ((bits & 4) != 0) {
      f.add("--force");
    }
    if ((bits & 8) != 0) {
      f.add("--disable-eviction");
    }
    return f;
  }

  record Run(int exit, String err) {}

  static Run kubectl(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("HOME", home.toString()); // its discovery cache, not the user's
    Process p = pb.start();
    CompletableFuture<byte[]> err =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return p.getErrorStream().readAllBytes();
              } catch (IOException e) {
                return new byte[0];
              }
            });
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + args + " did not end");
    }
    return new Run(p.exitValue(), new String(err.get(), StandardCharsets.UTF_8));
  }

  static Run knm(List<String> args) {
    List<String> a = new ArrayList<>(args);
    a.addAll(List.of("-c", "sb"));
    Result r = knm.run(a.toArray(String[]::new));
    return new Run(r.exitCode(), r.err());
  }

  /** The pods of {@code node} named on the "unable to drain" error line(s). */
  static Set<String> named(Run r, Sandbox sb, String node) {
    String errors =
        r.err()
            .lines()
            .filter(l -> l.startsWith("error: unable to drain node"))
            .collect(Collectors.joining("\n"));
    Set<String> out = new TreeSet<>();
    for (Store.Obj p : sb.podsOn(node)) {
      if (errors.matches("(?s).*\\b" + java.util.regex.Pattern.quote(p.name()) + "\\b.*")) {
        out.add(p.namespace() + "/" + p.name());
      }
    }
    return out;
  }

  static Set<String> left(Sandbox sb, String node) {
    return sb.podsOn(node).stream()
        .map(p -> p.namespace() + "/" + p.name())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void refusals_name_the_same_pods_for_every_combination_that_lacks_a_permission()
      throws Exception {
    String node = Scenario.nodeName(1);
    // the 14 combinations that lack --ignore-daemonsets, --delete-emptydir-data or --force
    List<Integer> combos = new ArrayList<>();
    for (int bits = 0; bits < 16; bits++) {
      if ((bits & 7) != 7) {
        combos.add(bits);
      }
    }
    // kubectl runs four at a time (the node does not change: refusals evict nothing)
    java.util.concurrent.ExecutorService four =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    List<CompletableFuture<Run>> kubectlRuns = new ArrayList<>();
    for (int bits : combos) {
      List<String> args = new ArrayList<>(List.of("drain", node, "--timeout=20s"));
      args.addAll(flags(bits));
      kubectlRuns.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return kubectl(args);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              four));
    }
    four.shutdown();
    for (int i = 0; i < combos.size(); i++) {
      List<String> args = new ArrayList<>(List.of("drain", node, "--timeout=20s"));
      args.addAll(flags(combos.get(i)));
      Run theirs = kubectlRuns.get(i).get(120, TimeUnit.SECONDS);
      Run ours = knm(args);

      Set<String> theirNames = named(theirs, forKubectl, node);
      assertThat(theirs.exit()).as("kubectl %s: %s", args, theirs.err()).isEqualTo(1);
      assertThat(ours.exit()).as("knm %s: %s", args, ours.err()).isEqualTo(1);
      assertThat(theirNames).as("kubectl %s: %s", args, theirs.err()).isNotEmpty();
      assertThat(named(ours, forKnm, node))
          .as("knm %s: %s", args, ours.err())
          .isEqualTo(theirNames);
    }
    // nothing was evicted or deleted by either
    assertThat(left(forKnm, node)).isEqualTo(left(forKubectl, node)).hasSize(9);
    for (Sandbox sb : List.of(forKubectl, forKnm)) {
      assertThat(
              sb.requestLog()
                  .count(
                      e ->
                          !e.method().equals("GET")
                              && e.path().startsWith("/api/v1/namespaces/")
                              && e.path().matches(".*-1(/eviction)?")))
          .isZero();
    }
  }

  @Test
  void with_every_permission_both_leave_the_same_pods_evicting_or_deleting() throws Exception {
    for (int bits : List.of(7, 15)) {
      String node = Scenario.nodeName(bits == 7 ? 2 : 3);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "drain",
                  node,
                  "--timeout=30s",
                  "--grace-period=1",
                  "--skip-wait-for-delete-timeout=60"));
      args.addAll(flags(bits));

      Run theirs = kubectl(args);
      Run ours = knm(args);

      assertThat(theirs.exit()).as("kubectl %s: %s", args, theirs.err()).isZero();
      assertThat(ours.exit()).as("knm %s: %s", args, ours.err()).isZero();
      // DaemonSet and mirror pods stay, and the pod stuck terminating (not waited for)
      assertThat(left(forKnm, node))
          .isEqualTo(left(forKubectl, node))
          .containsExactly(
              "kube-system/agent-" + node(bits),
              "kube-system/static-" + node(bits),
              "par/stuck-" + node(bits));
    }
  }

  private static int node(int bits) {
    return bits == 7 ? 2 : 3;
  }

  @Test
  void a_pod_that_never_terminates_fails_both_at_the_timeout() throws Exception {
    String node = Scenario.nodeName(4);
    List<String> args = new ArrayList<>(List.of("drain", node, "--timeout=3s", "--grace-period=1"));
    args.addAll(flags(7));

    Run theirs = kubectl(args);
    Run ours = knm(args);

    assertThat(theirs.exit()).as(theirs.err()).isEqualTo(1);
    assertThat(ours.exit()).as(ours.err()).isEqualTo(1);
    assertThat(named(theirs, forKubectl, node)).contains("par/stuck-4");
    assertThat(named(ours, forKnm, node)).containsExactly("par/stuck-4");
    assertThat(left(forKnm, node)).isEqualTo(left(forKubectl, node));
  }
}
