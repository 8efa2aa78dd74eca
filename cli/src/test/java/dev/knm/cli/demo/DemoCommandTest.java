package dev.knm.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `knm demo` in-process: its steps, their real output, and nothing left behind. */
class DemoCommandTest {
  @TempDir Path home;

  @Test
  void walksThroughTheStepsAndLeavesNothingBehind() throws Exception {
    // when: with --pause and nothing on stdin (its end: no waiting), a short watch
    Result r = new CliRunner(home).run("demo", "--pause", "--watch-for", "4s");

    // then
    assertThat(r.exitCode()).as(r.err()).isZero();
    String out = r.out();
    int port = DemoOutput.port(out);
    Path dir = DemoOutput.workspace(out);
    String kc = dir.resolve("gpu-large.kubeconfig").toString();
    Map<String, List<String>> steps = steps(out);
    assertThat(steps.keySet())
        .containsExactly(
            "==> starting a simulated Kubernetes API server in this process, shaped like a large"
                + " GPU cluster: 104 nodes, 872 GPUs, node 10-16-10-114.maas flapping",
            "==> knm import gpu-large --kubeconfig "
                + kc
                + " -l env=demo   # seal the cluster's kubeconfig into the store",
            "==> knm list   # the clusters in the store, with their state",
            "==> knm list nodes -c gpu-large   # every node of the cluster, with its GPUs",
            "==> knm describe node 10-16-10-188.maas -c gpu-large   # a 16-GPU node: conditions,"
                + " capacity, its pods",
            "==> knm drain 10-16-10-188.maas -c gpu-large --ignore-daemonsets"
                + " --delete-emptydir-data --force   # cordon it and evict its pods, with live"
                + " progress",
            "==> knm watch -c gpu-large --no-interactive   # node changes as they happen"
                + " (10-16-10-114.maas flaps); stopped after 4 s here, a watch runs until Ctrl-C",
            "==> done: the sandbox is stopped and the throw-away store deleted. Next, your own"
                + " clusters: knm import NAME --kubeconfig ~/.kube/config");
    List<List<String>> s = new ArrayList<>(steps.values());
    assertThat(s.get(0))
        .containsExactly(
            "    sandbox serving https://127.0.0.1:" + port,
            "    store and key: "
                + dir
                + " (throw-away, deleted at the end; your own store is not touched)",
            "");
    assertThat(s.get(1)).containsExactly("cluster/gpu-large imported (v1.32.0-knm-sandbox)", "");
    // list: the flapping node may be Unknown when it is imported
    assertThat(s.get(2).get(0))
        .matches("NAME        STATUS +NODES     VERSION               CHECKED   AGE");
    assertThat(s.get(2).get(1))
        .matches(
            "gpu-large   (Ready   |Degraded) +10[34]/104   v1\\.32\\.0-knm-sandbox   \\d+s +\\d+s");
    // list nodes: every node, the GPU node with 15 of its 16 GPUs requested
    assertThat(s.get(3).get(0))
        .isEqualTo(
            "CLUSTER     NAME                STATUS   ROLES           TAINTS   VERSION   PODS"
                + "   CPU             MEMORY          GPU     AGE");
    assertThat(s.get(3).stream().filter(l -> l.startsWith("gpu-large   10-16-10-"))).hasSize(104);
    assertThat(s.get(3))
        .anyMatch(
            l ->
                l.matches(
                    "gpu-large   10-16-10-188\\.maas   Ready    worker          1        v1\\.32\\.3"
                        + "   37     39600m/95500m   38\\.8Gi/1023Gi   15/16   .*"));
    // describe node
    assertThat(s.get(4))
        .startsWith("Name:               10-16-10-188.maas", "Cluster:            gpu-large")
        .contains(
            "Status:             Ready",
            "  nvidia.com/gpu   16         16            15 (93%)",
            "Non-terminated Pods: (37 in total)");
    // drain: cordoned, each of its 41 pods (finished ones too; the DaemonSet's left alone)
    // evicted, drained
    assertThat(s.get(5).get(0)).isEqualTo("node/10-16-10-188.maas cordoned");
    assertThat(s.get(5).stream().filter(l -> l.matches("evicting pod \\S+"))).hasSize(41);
    assertThat(s.get(5).stream().filter(l -> l.matches("pod/\\S+ evicted"))).hasSize(41);
    assertThat(s.get(5)).endsWith("node/10-16-10-188.maas drained", "");
    assertThat(r.err())
        .contains(
            "Warning: ignoring DaemonSet-managed Pods: kube-system/node-exporter-78-8e4c1;"
                + " deleting Pods that declare no controller: team-6/debug-783-56b73");
    // watch: the flapping node flipped at least once in 4 s (every 2 s)
    assertThat(s.get(6))
        .anyMatch(
            l ->
                l.matches(
                    "\\S+Z  gpu-large  10-16-10-114\\.maas  Ready: (True → Unknown|Unknown →"
                        + " True)"));
    assertThat(r.err()).contains("cluster gpu-large: synced, 104 nodes");
    // --pause on a stdin at its end: asked, never waited
    assertThat(r.err()).contains("    (Enter to go on, Ctrl-C to stop) ");

    // and nothing is left: the workspace, the sandbox's port, anything in HOME
    assertThat(dir).doesNotExist();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
    try (Stream<Path> files = Files.list(home)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aWatchOfNoTimeIsAUsageError() {
    Result r = new CliRunner(home).run("demo", "--watch-for", "0s");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("error: --watch-for must be longer than 0\n");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Result r = new CliRunner(home).run("demo", "--bogus");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("error: Unknown option: '--bogus'\n");
  }

  @Test
  void enterKeyWaitsForALineThenForTheEndOfInput() throws Exception {
    // given: stdin that has one line so far
    PipedOutputStream typing = new PipedOutputStream();
    EnterKey enter = new EnterKey(new PipedInputStream(typing));
    typing.write("\n".getBytes(StandardCharsets.UTF_8));
    typing.flush();
    AtomicBoolean stop = new AtomicBoolean();

    // then: Enter goes on; without a line it waits until stopped (Ctrl-C); after the end of
    // input it never waits
    assertThat(enter.await(stop::get)).isEqualTo(EnterKey.Outcome.ENTER);
    Thread stopper =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                return;
              }
              stop.set(true);
            });
    stopper.start();
    assertThat(enter.await(stop::get)).isEqualTo(EnterKey.Outcome.STOPPED);
    stop.set(false);
    typing.close();
    assertThat(enter.await(stop::get)).isEqualTo(EnterKey.Outcome.END);
    assertThat(enter.await(stop::get)).isEqualTo(EnterKey.Outcome.END);
  }

  /** The output's lines under each narration line ("==> ..."), in order. */
  static Map<String, List<String>> steps(String out) {
    Map<String, List<String>> steps = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : out.split("\n", -1)) {
      if (line.startsWith("==> ")) {
        current = new ArrayList<>();
        steps.put(line, current);
      } else if (current != null) {
        current.add(line);
      }
    }
    return steps;
  }

  /** What the demo's output says of where things are. */
  static final class DemoOutput {
    private DemoOutput() {}

    static int port(String out) {
      Matcher m =
          Pattern.compile("(?m)^    sandbox serving https://127\\.0\\.0\\.1:(\\d+)$").matcher(out);
      assertThat(m.find()).as(out).isTrue();
      return Integer.parseInt(m.group(1));
    }

    static Path workspace(String out) {
      Matcher m = Pattern.compile("(?m)^    store and key: (\\S+) \\(throw-away").matcher(out);
      assertThat(m.find()).as(out).isTrue();
      return Path.of(m.group(1));
    }
  }
}
