package dev.knm.cli.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.kube.model.Pod;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `knm list nodes` against an in-process sandbox (seed 11) and a cluster that is gone. */
class ListNodesCommandTest {
  @TempDir static Path home;
  static Sandbox sandbox;
  static CliRunner cli;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.builder().nodes(4).pods(60).seed(11).build());
    cli = new CliRunner(home).env("KNM_RETRY_BASE_DELAY", "5ms");
    KubeFixture.importSandbox(cli, home, "lab", sandbox);
    // a cluster whose API server has gone away: imported while up, then stopped
    Sandbox gone = Sandbox.start(SandboxOptions.builder().nodes(1).pods(1).seed(3).build());
    KubeFixture.importSandbox(cli, home, "gone", gone);
    gone.close();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void clearFaults() {
    sandbox.faults().reset();
  }

  @Test
  void listsOneClusterAsATable() {
    Result r = cli.run("list", "nodes", "-c", "lab");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .isEqualTo(
            """
            CLUSTER   NAME                STATUS   ROLES           TAINTS   VERSION   PODS   CPU             MEMORY         GPU   AGE
            lab       10-16-10-110.maas   Ready    control-plane   1        v1.32.3   2      2300m/15500m    2Gi/63Gi       -     14d
            lab       10-16-10-111.maas   Ready    worker          0        v1.32.3   17     18700m/31500m   18Gi/127Gi     -     10d
            lab       10-16-10-112.maas   Ready    worker          0        v1.32.3   12     12200m/15500m   16.5Gi/63Gi    -     9d
            lab       10-16-10-113.maas   Ready    worker          0        v1.32.3   25     27000m/31500m   30.8Gi/127Gi   -     29d
            """);
  }

  @Test
  void podsAndRequestsMatchTheClustersNonTerminatedPods() throws Exception {
    Result r = cli.run("list", "nodes", "-c", "lab", "-o", "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode doc = KubeFixture.parse(r.out());
    assertThat(doc.path("kind").asText()).isEqualTo("NodeList");
    assertThat(doc.path("items")).hasSize(4);
    int terminatedSeen = 0;
    for (JsonNode item : doc.path("items")) {
      String node = item.path("name").asText();
      List<Store.Obj> live =
          sandbox.podsOn(node).stream().filter(p -> !KubeFixture.terminated(p)).toList();
      terminatedSeen += sandbox.podsOn(node).size() - live.size();
      long cpu = 0;
      long mem = 0;
      for (Store.Obj p : live) {
        Pod s = KubeFixture.JSON.readValue(p.json(), Pod.class);
        cpu += s.request("cpu", true);
        mem += s.request("memory", false);
      }
      assertThat(item.path("pods").asInt()).as(node).isEqualTo(live.size());
      assertThat(item.path("cpuMillis").path("requested").asLong()).as(node).isEqualTo(cpu);
      assertThat(item.path("memoryBytes").path("requested").asLong()).as(node).isEqualTo(mem);
      assertThat(item.path("cluster").asText()).isEqualTo("lab");
      assertThat(item.path("kubeletVersion").asText()).isEqualTo("v1.32.3");
      assertThat(item.path("cpuMillis").path("allocatable").asLong()).isPositive();
    }
    // the scenario has finished pods: they must have been left out, not merely absent
    assertThat(terminatedSeen).isPositive();
  }

  @Test
  void labelSelectorNarrowsServerSide() {
    sandbox.requestLog().clear();
    Result r =
        cli.run(
            "list",
            "nodes",
            "-c",
            "lab",
            "-l",
            "node-role.kubernetes.io/control-plane",
            "-o",
            "name");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("node/10-16-10-110.maas\n");
    assertThat(
            sandbox
                .requestLog()
                .count(e -> e.path().equals("/api/v1/nodes") && e.hasParam("labelSelector")))
        .isEqualTo(1);
    // -o name needs no pod usage: no pod listing at all
    assertThat(sandbox.requestLog().count(e -> e.path().equals("/api/v1/pods"))).isZero();
    sandbox.requestLog().clear();
    Result table = cli.run("list", "nodes", "-c", "lab", "-l", "node-role.kubernetes.io/worker");
    assertThat(table.out().lines()).hasSize(4);
    // the table's usage figures: ONE paginated listing of the non-terminated pods
    assertThat(sandbox.requestLog().entries())
        .filteredOn(e -> e.path().equals("/api/v1/pods"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.query())
                    .contains(
                        "fieldSelector=status.phase%21%3DSucceeded%2Cstatus.phase%21%3DFailed"));
  }

  @Test
  void wideAddsAddressesSystemAndPlacement() {
    Result r =
        cli.run(
            "list", "nodes", "-c", "lab", "-o", "wide", "-l", "topology.kubernetes.io/zone=zone-a");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0))
        .endsWith(
            "AGE   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE             KERNEL               RUNTIME  "
                + "             ZONE     INSTANCE-TYPE   READY-CONDITION");
    assertThat(lines.get(1))
        .startsWith("lab       10-16-10-110.maas   Ready")
        .endsWith(
            "10.16.10.110   <none>        Ubuntu 22.04.4 LTS   5.15.0-119-generic  "
                + " containerd://1.7.22   zone-a   m6i.4xlarge     True");
  }

  @Test
  void cordonedAndUnknownNodesShowKubectlsStatus() {
    sandbox.setNodeReady("10-16-10-113.maas", false);
    sandbox
        .store()
        .mutate(
            dev.knm.sandbox.ResourceType.NODE,
            null,
            "10-16-10-113.maas",
            n -> {
              n.withObjectProperty("spec").put("unschedulable", true);
              return n;
            });
    try {
      // a Ready condition of Unknown is NotReady in kubectl's STATUS column
      Result r = cli.run("list", "nodes", "-c", "lab", "--no-headers");
      assertThat(r.out().lines().filter(l -> l.contains("10-16-10-113.maas")))
          .singleElement()
          .asString()
          .contains("   NotReady,SchedulingDisabled   worker   ");
    } finally {
      sandbox.setNodeReady("10-16-10-113.maas", true);
      sandbox
          .store()
          .mutate(
              dev.knm.sandbox.ResourceType.NODE,
              null,
              "10-16-10-113.maas",
              n -> {
                n.withObjectProperty("spec").remove("unschedulable");
                return n;
              });
    }
  }

  @Test
  void aDeadClusterIsReportedAndTheOthersPrinted() {
    Result r = cli.run("list", "nodes", "-c", "lab", "-c", "gone", "-o", "name");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out())
        .isEqualTo(
            "lab/node/10-16-10-110.maas\nlab/node/10-16-10-111.maas\n"
                + "lab/node/10-16-10-112.maas\nlab/node/10-16-10-113.maas\n");
    List<String> err = r.err().lines().toList();
    assertThat(err).hasSize(2);
    assertThat(err.get(0)).startsWith("error: cluster gone: GET /api/v1/").contains("failed");
    assertThat(err.get(1)).isEqualTo("error: 1 of 2 clusters failed");

    Result all = cli.run("list", "nodes", "--all");
    assertThat(all.exitCode()).isEqualTo(3);
    assertThat(all.out().lines()).hasSize(5).allMatch(l -> !l.startsWith("gone"));
  }

  @Test
  void oneDeadClusterAloneIsUnreachableWithOneLine() {
    Result r = cli.run("list", "nodes", "-c", "gone");
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).singleElement().asString().startsWith("error: cluster gone: GET ");
  }

  @Test
  void timeoutsAreCountedInTheStore() throws InterruptedException {
    sandbox.faults().latency(Duration.ofMillis(1500), Duration.ZERO);
    Result r = cli.run("list", "nodes", "-c", "lab", "--request-timeout", "200ms");
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .startsWith("error: cluster lab: GET /api/v1/")
        .contains("timed out after 200ms (1 retry)");
    Result d = cli.run("describe", "cluster", "lab");
    String timeouts =
        d.out().lines().filter(l -> l.startsWith("Timeouts:")).findFirst().orElseThrow();
    // a timed-out read is retried once: 2 attempts of the node list (the pod list's may be
    // cut short when the node list fails first)
    assertThat(Long.parseLong(timeouts.replaceAll("\\D", ""))).isGreaterThanOrEqualTo(2);
    sandbox.faults().reset();
    Thread.sleep(1600); // let the abandoned slow requests finish before other tests count requests
  }

  @Test
  void badInputIsRefusedAndChangesNothing() {
    String before = cli.run("list", "-o", "json").out();
    Result none = cli.run("list", "nodes");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).isEqualTo("error: give -c/--cluster NAME (repeatable) or --all\n");
    Result both = cli.run("list", "nodes", "-c", "lab", "--all");
    assertThat(both.exitCode()).isEqualTo(2);
    Result unknown = cli.run("list", "nodes", "-c", "lab", "-c", "nope");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err()).isEqualTo("error: cluster 'nope' not found\n");
    Result timeout = cli.run("list", "nodes", "-c", "lab", "--request-timeout", "soon");
    assertThat(timeout.exitCode()).isEqualTo(2);
    assertThat(timeout.err())
        .startsWith(
            "error: Invalid value for option '--request-timeout': invalid duration 'soon' for"
                + " --request-timeout: use e.g. 500ms, 30s, 5m, 1h");
    Result conc = cli.run("list", "nodes", "-c", "lab", "--concurrency", "0");
    assertThat(conc.exitCode()).isEqualTo(2);
    assertThat(cli.run("list", "-o", "json").out()).isEqualTo(before);
  }
}
