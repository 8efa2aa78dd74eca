package dev.knm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl against the sandbox. */
class KubectlTest {
  static Sandbox sb;
  static Kubectl kubectl;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    sb =
        Sandbox.start(
            SandboxOptions.builder().nodes(20).pods(1000).graceCap(Duration.ofMillis(300)).build());
    kubectl = new Kubectl(sb.writeKubeconfig(dir.resolve("kubeconfig")));
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  private static List<String> lines(String s) {
    return s.lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void chunkedGetPodsPagesAndPrintsEveryPod() throws Exception {
    int before =
        (int) sb.requestLog().count(e -> e.path().equals("/api/v1/pods") && e.hasParam("continue"));
    int pods = sb.store().count(ResourceType.POD);
    var r = kubectl.run("get", "pods", "-A", "--chunk-size=50", "--no-headers");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(lines(r.out())).hasSize(pods);
    assertThat(pods).isEqualTo(1000);
    long paged =
        sb.requestLog().count(e -> e.path().equals("/api/v1/pods") && e.hasParam("continue"))
            - before;
    assertThat(paged).isGreaterThanOrEqualTo(19);
  }

  @Test
  void bigListComesGzippedAndKubectlDecodesIt() throws Exception {
    // 20 nodes of 10-20 KB: the list is over the 128 KiB above which the apiserver gzips
    long before = gzippedNodeLists();
    var r = kubectl.run("get", "nodes", "-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    var names = new java.util.ArrayList<String>();
    Json.parse(r.out().getBytes(StandardCharsets.UTF_8))
        .path("items")
        .forEach(n -> names.add(n.path("metadata").path("name").asText()));
    var expected =
        sb.store().list(ResourceType.NODE, null, o -> true).stream().map(Store.Obj::name).toList();
    assertThat(names).hasSize(20).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(gzippedNodeLists() - before).isOne();
  }

  private static long gzippedNodeLists() {
    return sb.requestLog()
        .count(e -> e.path().equals("/api/v1/nodes") && "gzip".equals(e.contentEncoding()));
  }

  @Test
  void fieldSelectorReturnsExactlyTheNodesPods() throws Exception {
    String node = Scenario.nodeName(5);
    var expected = sb.podsOn(node).stream().map(Store.Obj::name).sorted().toList();
    var r =
        kubectl.run(
            "get",
            "pods",
            "-A",
            "--field-selector",
            "spec.nodeName=" + node,
            "-o",
            "custom-columns=NAME:.metadata.name,NODE:.spec.nodeName",
            "--no-headers");
    assertThat(r.exit()).as(r.err()).isZero();
    var names = lines(r.out()).stream().map(l -> l.split("\\s+")[0]).sorted().toList();
    assertThat(names).isEqualTo(expected).isNotEmpty();
    assertThat(lines(r.out())).allMatch(l -> l.endsWith(node));
  }

  @Test
  void cordonAndUncordon() throws Exception {
    String node = Scenario.nodeName(3);
    assertThat(kubectl.run("cordon", node).out()).contains("cordoned");
    var get = kubectl.run("get", "node", node);
    assertThat(get.out()).contains("Ready,SchedulingDisabled");
    assertThat(kubectl.run("uncordon", node).out()).contains("uncordoned");
    assertThat(kubectl.run("get", "node", node).out())
        .doesNotContain("SchedulingDisabled")
        .contains(" Ready ");
  }

  @Test
  void labelAndTaintPatches() throws Exception {
    String node = Scenario.nodeName(4);
    assertThat(kubectl.run("label", "node", node, "team=gpu").exit()).isZero();
    assertThat(sb.node(node).labels()).containsEntry("team", "gpu");
    assertThat(kubectl.run("label", "node", node, "team-").exit()).isZero();
    assertThat(sb.node(node).labels()).doesNotContainKey("team");
    assertThat(kubectl.run("taint", "node", node, "maint=yes:NoSchedule").exit()).isZero();
    assertThat(sb.node(node).node().path("spec").path("taints").toString()).contains("maint");
    assertThat(kubectl.run("taint", "node", node, "maint-").exit()).isZero();
    assertThat(sb.node(node).node().path("spec").path("taints").toString()).doesNotContain("maint");
  }

  @Test
  void watchNodesPrintsALabelChangeWithinASecond() throws Exception {
    String node = Scenario.nodeName(7);
    int watchesBefore = sb.store().watchCount();
    Process p = kubectl.start("get", "nodes", "-w", "--no-headers");
    try {
      BlockingQueue<String> out = new LinkedBlockingQueue<>();
      Thread reader =
          new Thread(
              () -> {
                try (var br =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  String l;
                  while ((l = br.readLine()) != null) {
                    out.add(l);
                  }
                } catch (Exception e) {
                  // process ended
                }
              });
      reader.setDaemon(true);
      reader.start();
      // the initial list: one line per node
      for (int i = 0; i < 20; i++) {
        assertThat(out.poll(20, TimeUnit.SECONDS)).isNotNull();
      }
      for (int i = 0; i < 200 && sb.store().watchCount() <= watchesBefore; i++) {
        Thread.sleep(50); // until kubectl's watch is registered
      }
      out.clear();
      long t0 = System.nanoTime();
      sb.labelNode(node, "watched", "yes");
      String line = out.poll(1, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(line).as("event within 1 s (waited %d ms)", ms).isNotNull().startsWith(node);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void drainEvictsAllButDaemonSetAndMirrorPodsAndWaitsForThePdb() throws Exception {
    // node 0 is the control plane: it has a mirror pod and a DaemonSet pod. Put workloads there.
    String node = Scenario.nodeName(0);
    sb.create(
        ResourceType.POD,
        "{\"metadata\":{\"name\":\"guarded\",\"namespace\":\"default\",\"labels\":{\"app\":\"guarded\"}},"
            + "\"spec\":{\"nodeName\":\""
            + node
            + "\",\"containers\":[{\"name\":\"c\",\"image\":\"x\"}],"
            + "\"volumes\":[{\"name\":\"tmp\",\"emptyDir\":{}}]},"
            + "\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    sb.create(
        ResourceType.POD,
        "{\"metadata\":{\"name\":\"guarded-2\",\"namespace\":\"default\",\"labels\":{\"app\":\"guarded\"},"
            + "\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"rs\",\"uid\":\"u1\",\"controller\":true}]},"
            + "\"spec\":{\"nodeName\":\""
            + Scenario.nodeName(1)
            + "\",\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]},"
            + "\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    sb.createPdb("default", "guarded-pdb", Map.of("app", "guarded"), 2, null);
    assertThat(
            sb.store()
                .get(ResourceType.PDB, "default", "guarded-pdb")
                .node()
                .path("status")
                .path("disruptionsAllowed")
                .asInt())
        .isZero();

    Thread relax =
        new Thread(
            () -> {
              try {
                Thread.sleep(2500);
                sb.updatePdb("default", "guarded-pdb", 1, null);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    relax.start();
    var r =
        kubectl.run(
            "drain",
            node,
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--force",
            "--timeout=60s",
            "--grace-period=1");
    relax.join();
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.err())
        .contains("Cannot evict pod as it would violate the pod's disruption budget");
    assertThat(r.out()).contains("drained");
    assertThat(sb.node(node).node().path("spec").path("unschedulable").asBoolean()).isTrue();
    var left = sb.podsOn(node);
    assertThat(left).isNotEmpty();
    assertThat(left)
        .allMatch(
            p -> {
              var n = p.node();
              return n.path("metadata").path("annotations").has("kubernetes.io/config.mirror")
                  || n.path("metadata")
                      .path("ownerReferences")
                      .path(0)
                      .path("kind")
                      .asText()
                      .equals("DaemonSet");
            });
  }

  @Test
  void createAndApplyFromFiles() throws Exception {
    Path pdb = dir.resolve("pdb.yaml");
    java.nio.file.Files.writeString(
        pdb,
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: from-file\n"
            + "  namespace: team-1\nspec:\n  maxUnavailable: \"50%\"\n  selector:\n"
            + "    matchLabels:\n      app: nothing\n");
    var r = kubectl.run("create", "-f", pdb.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    Path ns = dir.resolve("ns.yaml");
    java.nio.file.Files.writeString(
        ns, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: applied\n");
    assertThat(kubectl.run("apply", "-f", ns.toString()).out())
        .contains("namespace/applied created");
    java.nio.file.Files.writeString(
        ns,
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: applied\n  labels:\n    team: \"a\"\n");
    assertThat(kubectl.run("apply", "-f", ns.toString()).out())
        .contains("namespace/applied configured");
    assertThat(sb.store().get(ResourceType.NAMESPACE, null, "applied").labels())
        .containsEntry("team", "a");
    assertThat(kubectl.run("get", "pdb", "-n", "team-1", "from-file", "--no-headers").out())
        .startsWith("from-file");
  }

  @Test
  void clientCertificateUserAndSeparateFilesKubeconfig() throws Exception {
    Path kc = sb.writeKubeconfigWithFiles(dir.resolve("files"));
    var r = new Kubectl(kc).run("get", "ns", "kube-system", "--no-headers");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("kube-system");
    var anon = new Kubectl(kc).run("get", "ns", "--token=wrong", "--context=sandbox-token");
    assertThat(anon.exit()).isNotZero();
    assertThat(anon.err()).containsIgnoringCase("unauthorized");
  }

  @Test
  void forbiddenResourcesAreRefusedAsRbacWouldRefuseThem() throws Exception {
    sb.faults().forbid("nodes", "pods");
    try {
      var nodes = kubectl.run("get", "nodes");
      var pods = kubectl.run("get", "pods", "-n", "team-1");
      assertThat(nodes.exit()).isEqualTo(1);
      assertThat(nodes.err())
          .isEqualTo(
              "Error from server (Forbidden): nodes is forbidden: User \"sandbox\" cannot list"
                  + " resource \"nodes\" in API group \"\" at the cluster scope\n");
      assertThat(pods.err())
          .isEqualTo(
              "Error from server (Forbidden): pods is forbidden: User \"sandbox\" cannot list"
                  + " resource \"pods\" in API group \"\" in the namespace \"team-1\"\n");
      // other resources are not affected
      assertThat(kubectl.run("get", "ns", "kube-system", "--no-headers").exit()).isZero();
    } finally {
      sb.faults().forbid();
    }
  }
}
