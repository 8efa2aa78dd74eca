package dev.knm.cli.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.kube.model.Quantity;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #10, "kubectl parity": what knm prints next to what the real kubectl prints for the same
 * sandbox (kubectl's STATUS comes from the sandbox's server-side Table, which follows
 * kube-apiserver's node printer).
 */
class KubectlParityTest {
  static final Path KUBECTL = Path.of("/usr/bin/kubectl");
  static final String UNKNOWN_NODE = "10-16-10-112.maas";
  @TempDir static Path home;
  static Sandbox sandbox;
  static CliRunner cli;
  static Path kubeconfig;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.builder().nodes(6).pods(40).seed(17).build());
    cli = new CliRunner(home);
    KubeFixture.importSandbox(cli, home, "lab", sandbox);
    kubeconfig = sandbox.writeKubeconfig(home.resolve("kubectl.kubeconfig"));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static String kubectl(String... args) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed");
    List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig"));
    cmd.add(kubeconfig.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  /** NAME → STATUS from table lines whose first column is {@code nameColumn}. */
  private static Map<String, String> statuses(String table, int nameColumn) {
    Map<String, String> out = new TreeMap<>();
    for (String line : table.lines().toList()) {
      String[] cells = line.trim().split(" {2,}");
      out.put(cells[nameColumn], cells[nameColumn + 1]);
    }
    return out;
  }

  @Test
  void aNodeWhoseReadyConditionIsUnknownIsNotReadyAsInKubectl() throws Exception {
    sandbox.setNodeReady(UNKNOWN_NODE, false); // Ready condition: Unknown
    try {
      Map<String, String> kubectl = statuses(kubectl("get", "nodes", "--no-headers"), 0);
      Result r = cli.run("list", "nodes", "-c", "lab", "--no-headers");
      assertThat(r.exitCode()).as(r.err()).isZero();

      assertThat(kubectl).containsEntry(UNKNOWN_NODE, "NotReady").hasSize(6);
      assertThat(statuses(r.out(), 1)).isEqualTo(kubectl);

      // the exact condition is kept where one looks for details: -o wide, json, describe
      String wide =
          cli.run("list", "nodes", "-c", "lab", "-o", "wide")
              .out()
              .lines()
              .filter(l -> l.contains(UNKNOWN_NODE))
              .findFirst()
              .orElseThrow();
      assertThat(wide).contains("   NotReady   ").endsWith("   Unknown");
      JsonNode json = KubeFixture.parse(cli.run("list", "nodes", "-c", "lab", "-o", "json").out());
      for (JsonNode item : json.path("items")) {
        if (item.path("name").asText().equals(UNKNOWN_NODE)) {
          assertThat(item.path("status").asText()).isEqualTo("NotReady");
          assertThat(item.path("readyCondition").asText()).isEqualTo("Unknown");
          assertThat(item.path("ready").asBoolean()).isFalse();
        } else {
          assertThat(item.path("readyCondition").asText()).isEqualTo("True");
        }
      }
      String described = cli.run("describe", "node", UNKNOWN_NODE, "-c", "lab").out();
      assertThat(described).contains("\nStatus:             NotReady\n");
      assertThat(described.lines().filter(l -> l.startsWith("  Ready ")))
          .singleElement()
          .asString()
          .matches("  Ready +Unknown +.*");
    } finally {
      sandbox.setNodeReady(UNKNOWN_NODE, true);
    }
  }

  @Test
  void cpuTotalsCarryTheirUnitAndAddUpKubectlsAllocatable() throws Exception {
    // what kubectl shows of each node's allocatable cpu ("15500m", "16")
    String shown =
        kubectl(
            "get",
            "nodes",
            "-o",
            "jsonpath={range .items[*]}{.status.allocatable.cpu}{\"\\n\"}{end}");
    long millis = 0;
    for (String q : shown.lines().toList()) {
      millis += Quantity.cpuMillisOrZero(q);
    }
    assertThat(shown.lines()).hasSize(6);

    Result r = cli.run("list", "-o", "wide");

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    List<String> header = List.of(lines.get(0).split(" +"));
    List<String> row = List.of(lines.get(1).split(" +"));
    assertThat(row.get(header.indexOf("CPU"))).isEqualTo(millis + "m");
  }
}
