package dev.knm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 5,000 nodes and 50,000 pods on a 2-core machine, listed once with kubectl. */
class ScaleTest {
  @TempDir Path dir;

  @Test
  void servesFiveThousandNodesAndFiftyThousandPods() throws Exception {
    long t0 = System.nanoTime();
    try (Sandbox sb = Sandbox.start(SandboxOptions.builder().nodes(5000).pods(50_000).build())) {
      long startMs = (System.nanoTime() - t0) / 1_000_000;
      Kubectl k = new Kubectl(sb.writeKubeconfig(dir.resolve("kc")));
      long t1 = System.nanoTime();
      var nodes = k.run(120, "get", "nodes", "--no-headers");
      long nodesMs = (System.nanoTime() - t1) / 1_000_000;
      assertThat(nodes.exit()).as(nodes.err()).isZero();
      assertThat(nodes.out().lines().count()).isEqualTo(5000);
      long t2 = System.nanoTime();
      var pods = k.run(120, "get", "pods", "-A", "--chunk-size=500", "--no-headers");
      long podsMs = (System.nanoTime() - t2) / 1_000_000;
      assertThat(pods.exit()).as(pods.err()).isZero();
      assertThat(pods.out().lines().count()).isEqualTo(50_000);
      System.out.printf(
          "scale: start %d ms, kubectl get nodes %d ms, kubectl get pods -A --chunk-size=500 %d ms%n",
          startMs, nodesMs, podsMs);
    }
  }
}
