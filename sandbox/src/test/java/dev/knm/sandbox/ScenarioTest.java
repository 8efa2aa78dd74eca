package dev.knm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  @Test
  void gpuLargePresetIsShapedLikeTheSeedCluster() {
    try (Sandbox sb =
        Sandbox.start(
            SandboxOptions.builder()
                .preset("gpu-large")
                .flapInterval(Duration.ofMillis(200))
                .build())) {
      var nodes = sb.store().list(ResourceType.NODE, null, null);
      assertThat(nodes).hasSize(104);
      assertThat(nodes.get(0).name()).isEqualTo("10-16-10-110.maas");
      int gpuNodes = 0;
      int gpus = 0;
      for (var n : nodes) {
        var g = n.node().path("status").path("capacity").path("nvidia.com/gpu");
        if (!g.isMissingNode()) {
          gpuNodes++;
          gpus += Integer.parseInt(g.asText());
        }
        assertThat(n.json().length).isBetween(10_000, 20_000);
      }
      assertThat(gpuNodes).isEqualTo(83);
      assertThat(gpus).isEqualTo(872);
      assertThat(sb.store().count(ResourceType.POD)).isEqualTo(3000);
      long rv = sb.node("10-16-10-114.maas").rv();
      try {
        Thread.sleep(700);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assertThat(sb.node("10-16-10-114.maas").rv()).as("flapping node changes").isGreaterThan(rv);
    }
  }

  @Test
  void sameSeedSameCluster() {
    try (Sandbox a = Sandbox.start(SandboxOptions.builder().nodes(5).pods(50).seed(7).build());
        Sandbox b = Sandbox.start(SandboxOptions.builder().nodes(5).pods(50).seed(7).build())) {
      var pa = a.store().list(ResourceType.POD, null, null).stream().map(Store.Obj::key).toList();
      var pb = b.store().list(ResourceType.POD, null, null).stream().map(Store.Obj::key).toList();
      assertThat(pa).isEqualTo(pb).hasSize(50);
    }
  }

  @Test
  void smallStartIsFast() {
    long c0 = System.nanoTime();
    try (Sandbox first = Sandbox.start(SandboxOptions.builder().nodes(10).pods(100).build())) {
      // the first start in a JVM also generates RSA keys and loads Vert.x
      assertThat((System.nanoTime() - c0) / 1_000_000).isLessThan(10_000);
    }
    long t0 = System.nanoTime();
    try (Sandbox sb = Sandbox.start(SandboxOptions.builder().nodes(10).pods(100).build())) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("start: first %d ms, next %d ms%n", (t0 - c0) / 1_000_000, ms);
      assertThat(ms).isLessThan(1000);
    }
  }

  @Test
  void everyDrainKindIsPresent() {
    try (Sandbox sb = Sandbox.start(SandboxOptions.builder().nodes(10).pods(400).build())) {
      var pods = sb.store().list(ResourceType.POD, null, null);
      assertThat(pods)
          .anyMatch(
              p ->
                  p.node().path("metadata").path("annotations").has("kubernetes.io/config.mirror"));
      assertThat(pods)
          .anyMatch(
              p ->
                  p.node()
                      .path("metadata")
                      .path("ownerReferences")
                      .path(0)
                      .path("kind")
                      .asText()
                      .equals("DaemonSet"));
      assertThat(pods)
          .anyMatch(
              p ->
                  p.node()
                      .path("metadata")
                      .path("ownerReferences")
                      .path(0)
                      .path("kind")
                      .asText()
                      .equals("ReplicaSet"));
      assertThat(pods)
          .anyMatch(p -> p.node().path("spec").path("volumes").toString().contains("emptyDir"));
      assertThat(pods).anyMatch(p -> !p.node().path("metadata").has("ownerReferences"));
      assertThat(pods).anyMatch(p -> p.fields().get("status.phase").equals("Succeeded"));
      assertThat(pods).anyMatch(p -> p.fields().get("status.phase").equals("Failed"));
      assertThat(sb.store().get(ResourceType.DAEMON_SET, "kube-system", "node-exporter"))
          .isNotNull();
    }
  }

  @Test
  void evictionArithmeticAndGracefulDeletion() throws Exception {
    try (Sandbox sb =
        Sandbox.start(
            SandboxOptions.builder().nodes(3).pods(0).graceCap(Duration.ofMillis(200)).build())) {
      for (int i = 0; i < 3; i++) {
        sb.create(
            ResourceType.POD,
            "{\"metadata\":{\"name\":\"p"
                + i
                + "\",\"namespace\":\"default\",\"labels\":{\"app\":\"a\"}},"
                + "\"spec\":{\"nodeName\":\""
                + Scenario.nodeName(1)
                + "\",\"containers\":[{\"name\":\"c\"}]},"
                + "\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
      }
      sb.createPdb("default", "pdb", java.util.Map.of("app", "a"), null, "34%");
      var st = sb.store().get(ResourceType.PDB, "default", "pdb").node().path("status");
      assertThat(st.path("expectedPods").asInt()).isEqualTo(3);
      assertThat(st.path("desiredHealthy").asInt())
          .isEqualTo(1); // 34% of 3 rounds up to 2 unavailable
      assertThat(st.path("disruptionsAllowed").asInt()).isEqualTo(2);
      sb.store().evict("default", "p0", null);
      assertThat(sb.store().get(ResourceType.POD, "default", "p0").terminating()).isTrue();
      sb.store().evict("default", "p1", null);
      try {
        sb.store().evict("default", "p2", null);
        throw new AssertionError("expected 429");
      } catch (ApiException e) {
        assertThat(e.code()).isEqualTo(429);
        assertThat(e.status().toString())
            .contains("The disruption budget pdb needs 1 healthy pods and has 1 currently");
      }
      Thread.sleep(600);
      assertThat(sb.store().get(ResourceType.POD, "default", "p0")).isNull();
      assertThat(
              sb.store()
                  .get(ResourceType.PDB, "default", "pdb")
                  .node()
                  .path("status")
                  .path("expectedPods")
                  .asInt())
          .isEqualTo(1);
    }
  }

  @Test
  void aPodWithAFinalizerStaysTerminatingUntilItIsReleased() {
    try (Sandbox sb =
        Sandbox.start(
            SandboxOptions.builder().nodes(2).pods(0).graceCap(Duration.ofMillis(50)).build())) {
      String node = Scenario.nodeName(1);
      sb.addPod("t", "held", node, Scenario.PodKind.REPLICA_SET, "web");
      sb.addPod("t", "plain", node, Scenario.PodKind.BARE, null);

      // a pod held by a finalizer since ten minutes ago: still there, terminating, evictable
      sb.holdTerminating("t", "held", Duration.ofMinutes(10));
      Store.Obj held = sb.store().get(ResourceType.POD, "t", "held");
      assertThat(held.terminating()).isTrue();
      assertThat(held.node().path("metadata").path("deletionTimestamp").asText())
          .isEqualTo(sb.store().now().minus(Duration.ofMinutes(10)).toString());
      sb.store().evict("t", "held", 0L);
      sb.store().delete(ResourceType.POD, "t", "held", 0L);
      assertThat(sb.store().get(ResourceType.POD, "t", "held")).isNotNull();

      // a deleted pod with a finalizer stays; removing the finalizer removes it
      sb.store()
          .mutate(
              ResourceType.POD,
              "t",
              "plain",
              p -> {
                Json.with(p, "metadata").putArray("finalizers").add("x/y");
                return p;
              });
      sb.store().delete(ResourceType.POD, "t", "plain", 30L);
      assertThat(sb.store().get(ResourceType.POD, "t", "plain").terminating()).isTrue();
      sb.release("t", "plain");
      sb.release("t", "held");
      assertThat(sb.podsOn(node)).isEmpty();
    }
  }

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

  @Test
  void addPodMakesOwnersAndTheRequestLogCountsEvictionsPerPod() throws Exception {
    try (Sandbox sb = Sandbox.start(SandboxOptions.builder().nodes(2).pods(0).build())) {
      String node = Scenario.nodeName(1);
      sb.addPod("t", "web-1", node, Scenario.PodKind.REPLICA_SET, "web");
      sb.addPod("t", "ds-1", node, Scenario.PodKind.DAEMON_SET, "agent");
      sb.addOrphanDaemonSetPod("t", "orphan-1", node, "gone");

      assertThat(sb.store().get(ResourceType.REPLICA_SET, "t", "web")).isNotNull();
      assertThat(sb.store().get(ResourceType.DAEMON_SET, "t", "agent")).isNotNull();
      assertThat(sb.store().get(ResourceType.DAEMON_SET, "t", "gone")).isNull();
      var orphan = sb.store().get(ResourceType.POD, "t", "orphan-1").node();
      assertThat(orphan.path("metadata").path("ownerReferences").path(0).path("kind").asText())
          .isEqualTo("DaemonSet");
      assertThat(sb.store().get(ResourceType.POD, "t", "web-1").labels())
          .containsEntry("app", "web");

      // kubectl drain of the web pod, held by its budget: one eviction POST (429), then the timeout
      sb.createPdb("t", "web", java.util.Map.of("app", "web"), 1, null);
      Kubectl kubectl = new Kubectl(sb.writeKubeconfig(tmp.resolve("kubeconfig")));
      var r = kubectl.run("drain", node, "--pod-selector=app=web", "--timeout=2s");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(sb.requestLog().evictionsPerPod())
          .containsExactly(java.util.Map.entry("t/web-1", 1));
    }
  }
}
