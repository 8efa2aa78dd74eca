package dev.knm.cli.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.cli.render.KubeJson;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Store;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `knm list pods` against a sandbox of 3,000 pods (seed 5). */
class ListPodsCommandTest {
  @TempDir static Path home;
  static Sandbox sandbox;
  static CliRunner cli;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.builder().nodes(20).pods(3000).seed(5).build());
    cli = new CliRunner(home);
    KubeFixture.importSandbox(cli, home, "big", sandbox);
    // the same cluster through a context whose namespace is kube-system
    String yaml =
        sandbox
            .kubeconfigYaml()
            .replace(
                "    cluster: sandbox\n    user: sandbox-token\n",
                "    cluster: sandbox\n    user: sandbox-token\n    namespace: kube-system\n");
    KubeFixture.importYaml(cli, home, "big-ks", yaml);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static List<String> lines(Result r) {
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out().lines().toList();
  }

  @Test
  void allNamespacesByNameListsEveryPodOnceInPages() {
    sandbox.requestLog().clear();
    List<String> out = lines(cli.run("list", "pods", "-c", "big", "-A", "-o", "name"));
    List<String> expected =
        KubeFixture.podKeys(sandbox, null).stream()
            .map(k -> "pod/" + k.substring(k.indexOf('/') + 1))
            .toList();
    assertThat(expected).hasSizeGreaterThanOrEqualTo(3000);
    assertThat(out).hasSameSizeAs(expected).containsExactlyInAnyOrderElementsOf(expected);
    long pages =
        sandbox
            .requestLog()
            .count(e -> e.path().equals("/api/v1/pods") && e.query().contains("limit=500"));
    assertThat(pages).isEqualTo((expected.size() + 499) / 500);
  }

  @Test
  void nodeNarrowsToThatNodesPods() {
    String node = KubeFixture.nodeNames(sandbox).get(3);
    List<String> out =
        lines(cli.run("list", "pods", "-c", "big", "-A", "--node", node, "-o", "name"));
    assertThat(out)
        .isNotEmpty()
        .containsExactlyInAnyOrderElementsOf(
            KubeFixture.namesOn(sandbox, node).stream().map(n -> "pod/" + n).toList());
  }

  @Test
  void namespaceAndTheContextsDefault() {
    List<String> ns = lines(cli.run("list", "pods", "-c", "big", "-n", "team-1", "-o", "name"));
    assertThat(ns)
        .isNotEmpty()
        .containsExactlyElementsOf(
            KubeFixture.podKeys(sandbox, "team-1").stream()
                .map(k -> "pod/" + k.substring(7))
                .toList());
    // no -n: the context's namespace (kube-system), else default (empty in the scenario)
    List<String> ks = lines(cli.run("list", "pods", "-c", "big-ks", "-o", "name"));
    assertThat(ks).hasSize(KubeFixture.podKeys(sandbox, "kube-system").size()).isNotEmpty();
    Result def = cli.run("list", "pods", "-c", "big");
    assertThat(def.exitCode()).isZero();
    assertThat(def.out()).isEmpty();
    assertThat(def.err()).isEqualTo("No resources found in default namespace.\n");
  }

  @Test
  void jsonIsOneDocumentWithEveryPod() throws Exception {
    Result r = cli.run("list", "pods", "-c", "big", "-A", "-o", "json", "--chunk-size", "700");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode doc = KubeFixture.parse(r.out());
    assertThat(doc.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(doc.path("kind").asText()).isEqualTo("List");
    assertThat(doc.path("items")).hasSize(KubeFixture.podKeys(sandbox, null).size());
    List<String> keys = new ArrayList<>();
    doc.path("items")
        .forEach(
            p ->
                keys.add(
                    p.path("metadata").path("namespace").asText()
                        + "/"
                        + p.path("metadata").path("name").asText()));
    assertThat(keys).containsExactlyElementsOf(KubeFixture.podKeys(sandbox, null));
    assertThat(r.out()).startsWith("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"List\",");
    // byte for byte what writing each pod's Jackson tree printed
    StringWriter expected = new StringWriter();
    try (JsonGenerator g = KubeJson.generator(expected)) {
      g.writeStartObject();
      g.writeStringField("apiVersion", "v1");
      g.writeStringField("kind", "List");
      g.writeArrayFieldStart("items");
      for (Store.Obj pod : sandbox.store().list(ResourceType.POD, null, null)) {
        ClusterClient.json().writeTree(g, ClusterClient.json().readTree(pod.json()));
      }
      g.writeEndArray();
      g.writeObjectFieldStart("metadata");
      g.writeStringField("resourceVersion", "");
      g.writeEndObject();
      g.writeEndObject();
    }
    assertThat(r.out()).isEqualTo(expected + "\n");
  }

  @Test
  void ndjsonIsOnePodPerLineAndLimitStops() throws Exception {
    List<String> out = lines(cli.run("list", "pods", "-c", "big", "-n", "team-2", "-o", "ndjson"));
    assertThat(out).hasSize(KubeFixture.podKeys(sandbox, "team-2").size());
    for (String line : out) {
      assertThat(KubeFixture.parse(line).path("kind").asText()).isEqualTo("Pod");
    }
    // each line byte for byte what writing the pod's Jackson tree printed
    List<String> expected = new ArrayList<>();
    for (Store.Obj pod : sandbox.store().list(ResourceType.POD, "team-2", null)) {
      expected.add(KubeJson.writeCompact(ClusterClient.json().readTree(pod.json())));
    }
    assertThat(out).containsExactlyElementsOf(expected);
    List<String> limited =
        lines(
            cli.run(
                "list",
                "pods",
                "-c",
                "big",
                "-A",
                "-o",
                "name",
                "--limit",
                "7",
                "--chunk-size",
                "3"));
    assertThat(limited).hasSize(7);
  }

  @Test
  void podsTheUserMayNotListAreExitCode7NamingVerbAndResource() {
    sandbox.faults().forbid("pods");
    try {
      Result r = cli.run("list", "pods", "-c", "big", "-n", "team-0");
      Result all = cli.run("list", "nodes", "-c", "big"); // its pod usage listing
      assertThat(r.exitCode()).isEqualTo(7);
      assertThat(r.out()).isEmpty();
      assertThat(r.err())
          .isEqualTo(
              "error: the server refused the credentials of cluster big (403 Forbidden): they may"
                  + " not list pods in namespace team-0\n");
      assertThat(all.exitCode()).isEqualTo(7);
      assertThat(all.err())
          .isEqualTo(
              "error: the server refused the credentials of cluster big (403 Forbidden): they may"
                  + " not list pods in all namespaces\n");
    } finally {
      sandbox.faults().forbid();
    }
  }

  @Test
  void tableMatchesKubectl() throws Exception {
    Path kubectl = Path.of("/usr/bin/kubectl");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(kubectl));
    Path kc = sandbox.writeKubeconfig(home.resolve("kubectl.kubeconfig"));
    for (String[] scope :
        List.of(new String[] {"-n", "team-0"}, new String[] {"-n", "kube-system"})) {
      List<String> cmd =
          new ArrayList<>(
              List.of(kubectl.toString(), "--kubeconfig", kc.toString(), "get", "pods"));
      cmd.addAll(List.of(scope));
      String before = run(cmd);
      List<String> args = new ArrayList<>(List.of("list", "pods", "-c", "big"));
      args.addAll(List.of(scope));
      Result r = cli.run(args.toArray(String[]::new));
      String after = run(cmd);
      assertThat(r.exitCode()).as(r.err()).isZero();
      // an AGE may tick over between the runs (a pod created 21d 23h 59m 59.5s ago): knm's table is
      // kubectl's from just before it or from just after it
      assertThat(r.out()).as(String.join(" ", scope)).isIn(before, after);
    }
  }

  private static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void wideAddsIpAndNodeAndWidthsGrowOnlyWhenNeeded() {
    List<String> out =
        lines(
            cli.run(
                "list",
                "pods",
                "-c",
                "big",
                "-A",
                "-o",
                "wide",
                "--limit",
                "4",
                "--chunk-size",
                "2"));
    assertThat(out).hasSize(5);
    assertThat(out.get(0)).matches("NAMESPACE +NAME +READY +STATUS +RESTARTS +AGE +IP +NODE");
    assertThat(out.subList(1, 5))
        .allMatch(l -> l.matches(".* 10\\.244\\.\\d+\\.\\d+ +10-16-10-1\\d\\d\\.maas"));
  }

  @Test
  void badInput() {
    Result both = cli.run("list", "pods", "-c", "big", "-n", "x", "-A");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err())
        .isEqualTo("error: give either -n/--namespace or -A/--all-namespaces, not both\n");
    Result noCluster = cli.run("list", "pods", "-A");
    assertThat(noCluster.exitCode()).isEqualTo(2);
    assertThat(noCluster.err()).startsWith("error: Missing required option: '--cluster=CLUSTER'");
    Result unknown = cli.run("list", "pods", "-c", "nope", "-A");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("error: cluster 'nope' not found\n");
    Result timeout = cli.run("list", "pods", "-c", "big", "--request-timeout", "-1s");
    assertThat(timeout.exitCode()).isEqualTo(2);
    Result field =
        cli.run("list", "pods", "-c", "big", "-A", "--field-selector", "spec.color=blue");
    assertThat(field.exitCode()).isEqualTo(2);
    assertThat(field.err())
        .startsWith("error: cluster big: GET /api/v1/pods rejected the request: ");
  }
}
