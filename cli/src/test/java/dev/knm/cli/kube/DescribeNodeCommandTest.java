package dev.knm.cli.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.cli.render.KubeJson;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Store;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `knm describe node` against a sandbox (seed 11, 4 nodes, 60 pods). */
class DescribeNodeCommandTest {
  static final String NODE = "10-16-10-112.maas";
  @TempDir static Path home;
  static Sandbox sandbox;
  static CliRunner cli;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.builder().nodes(4).pods(60).seed(11).build());
    cli = new CliRunner(home);
    KubeFixture.importSandbox(cli, home, "lab", sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void describesLikeKubectlWithRequestsAgainstAllocatable() {
    sandbox.requestLog().clear();
    Result r = cli.run("describe", "node", NODE, "-c", "lab");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(stable(r.out())).isEqualTo(EXPECTED);
    // its pods come from one field-selected listing, not from all the cluster's pods
    assertThat(
            sandbox
                .requestLog()
                .count(
                    e ->
                        e.path().equals("/api/v1/pods")
                            && e.query().contains("spec.nodeName%3D" + NODE)))
        .isEqualTo(1);
  }

  @Test
  void listsExactlyTheNodesRunningPods() {
    Result r = cli.run("describe", "node", NODE, "-c", "lab");
    List<String> live =
        sandbox.podsOn(NODE).stream()
            .filter(p -> !KubeFixture.terminated(p))
            .map(Store.Obj::name)
            .sorted()
            .toList();
    List<String> shown =
        r.out()
            .lines()
            .dropWhile(l -> !l.startsWith("Non-terminated Pods:"))
            .takeWhile(l -> !l.startsWith("Recorded changes"))
            .skip(3)
            .map(l -> l.trim().split(" +")[1])
            .sorted()
            .toList();
    assertThat(shown).isEqualTo(live).isNotEmpty();
    assertThat(r.out()).contains("Non-terminated Pods: (" + live.size() + " in total)");
  }

  @Test
  void jsonAndYamlPrintTheNodeObject() throws Exception {
    Result json = cli.run("describe", "node", NODE, "-c", "lab", "-o", "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode node = KubeFixture.parse(json.out());
    assertThat(node.path("kind").asText()).isEqualTo("Node");
    assertThat(node.path("metadata").path("name").asText()).isEqualTo(NODE);
    assertThat(node).isEqualTo(KubeFixture.parse(new String(sandbox.node(NODE).json())));
    JsonNode tree = ClusterClient.json().readTree(sandbox.node(NODE).json());
    assertThat(json.out()).isEqualTo(KubeJson.write(tree) + "\n");
    assertThat(cli.run("describe", "node", NODE, "-c", "lab", "-o", "ndjson").out())
        .isEqualTo(KubeJson.writeCompact(tree) + "\n");
    Result yaml = cli.run("describe", "node", NODE, "-c", "lab", "-o", "yaml");
    assertThat(yaml.out())
        .contains("kind: Node\n", "  name: " + NODE + "\n")
        .isEqualTo(KubeJson.yaml(tree));
    assertThat(cli.run("describe", "node", NODE, "-c", "lab", "-o", "name").out())
        .isEqualTo("node/" + NODE + "\n");
  }

  @Test
  void badInput() {
    Result unknown = cli.run("describe", "node", "no-such-node", "-c", "lab");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err()).isEqualTo("error: cluster lab: no node named no-such-node\n");
    Result noCluster = cli.run("describe", "node", NODE);
    assertThat(noCluster.exitCode()).isEqualTo(2);
    assertThat(noCluster.err()).startsWith("error: Missing required option: '--cluster=CLUSTER'");
    Result unknownCluster = cli.run("describe", "node", NODE, "-c", "nope");
    assertThat(unknownCluster.exitCode()).isEqualTo(1);
    assertThat(unknownCluster.err()).isEqualTo("error: cluster 'nope' not found\n");
    Result timeout = cli.run("describe", "node", NODE, "-c", "lab", "--request-timeout", "5x");
    assertThat(timeout.exitCode()).isEqualTo(2);
  }

  /** Timestamps and pod ages move with the sandbox's start time: masked. */
  static String stable(String out) {
    StringBuilder sb = new StringBuilder();
    boolean pods = false;
    int row = 0;
    for (String l : out.split("\n", -1)) {
      String line = l.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "<time>");
      if (line.startsWith("Non-terminated Pods:")) {
        pods = true;
      } else if (line.startsWith("Recorded changes")) {
        pods = false;
      } else if (pods && ++row > 2 && !line.isBlank()) {
        line = line.replaceAll("\\S+$", "<age>");
      }
      sb.append(line).append('\n');
    }
    return sb.substring(0, sb.length() - 1);
  }

  static final String EXPECTED =
      """
        Name:               10-16-10-112.maas
        Cluster:            lab
        Roles:              worker
        Labels:             beta.kubernetes.io/arch=amd64
                            beta.kubernetes.io/os=linux
                            kubernetes.io/arch=amd64
                            kubernetes.io/hostname=10-16-10-112.maas
                            kubernetes.io/os=linux
                            node-role.kubernetes.io/worker=
                            node.kubernetes.io/instance-type=c6i.8xlarge
                            topology.kubernetes.io/region=maas-1
                            topology.kubernetes.io/zone=zone-c
        CreationTimestamp:  <time> (9d ago)
        Taints:             <none>
        Unschedulable:      false
        Status:             Ready
        Conditions:
          Type             Status   Reason                       LastTransitionTime               Message
          ----             ------   ------                       ------------------               -------
          MemoryPressure   False    KubeletHasSufficientMemory   <time> (30d ago)   kubelet has sufficient memory available
          DiskPressure     False    KubeletHasNoDiskPressure     <time> (30d ago)   kubelet has no disk pressure
          PIDPressure      False    KubeletHasSufficientPID      <time> (30d ago)   kubelet has sufficient PID available
          Ready            True     KubeletReady                 <time> (30d ago)   kubelet is posting ready status
        Addresses:
          InternalIP:  10.16.10.112
          Hostname:    10-16-10-112.maas
        Resources:
          Resource   Capacity   Allocatable   Requested
          --------   --------   -----------   ---------
          cpu        16         15500m        12200m (78%)
          memory     64Gi       63Gi          16.5Gi (26%)
        System Info:
          Kubelet Version:            v1.32.3
          OS Image:                   Ubuntu 22.04.4 LTS
          Kernel Version:             5.15.0-119-generic
          Container Runtime Version:  containerd://1.7.22
          Zone:                       zone-c
          Instance Type:              c6i.8xlarge
        Non-terminated Pods: (12 in total)
          Namespace     Name                    CPU Requests   Memory Requests   Age
          ---------     ----                    ------------   ---------------   ---
          kube-system   node-exporter-2-55b9a   600m (3%)      768Mi (1%)        <age>
          team-0        app-0-09df965e-10d56    1 (6%)         1.1Gi (1%)        <age>
          team-0        app-0-09df965e-4b2fb    400m (2%)      1.9Gi (2%)        <age>
          team-0        app-0-09df965e-5056a    900m (5%)      640Mi (0%)        <age>
          team-0        app-0-09df965e-85128    1600m (10%)    1.5Gi (2%)        <age>
          team-0        app-3-01c7de47-1c340    800m (5%)      640Mi (0%)        <age>
          team-0        app-3-01c7de47-242b8    700m (4%)      1.8Gi (2%)        <age>
          team-0        debug-36-88525          1900m (12%)    768Mi (1%)        <age>
          team-1        app-1-f917f1bf-2c826    900m (5%)      1.8Gi (2%)        <age>
          team-1        app-1-f917f1bf-7ed68    1900m (12%)    2Gi (3%)          <age>
          team-1        app-1-f917f1bf-97bb6    100m (0%)      1.8Gi (2%)        <age>
          team-2        app-2-f7aaf71d-4e75d    1400m (9%)     2Gi (3%)          <age>
        Recorded changes (knm watch --record):
          <none>
        """;
}
