package dev.knm.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `knm drain` in-process against a sandbox: output, exit codes, bad input, the audit log. */
class DrainCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path home;
  static Sandbox sb;
  static CliRunner cli;
  static String store;
  static int nextNode = 1;

  @BeforeAll
  static void start() {
    sb =
        Sandbox.start(
            SandboxOptions.builder().nodes(10).pods(0).graceCap(Duration.ofMillis(100)).build());
    store = "jdbc:h2:file:" + home.resolve("store");
    cli = new CliRunner(home).env("KNM_STORE", store).env("KNM_DRAIN_RETRY_DELAY", "200ms");
    Result r =
        cli.run("import", "sb", "--kubeconfig", sb.writeKubeconfig(home.resolve("kc")).toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  static synchronized String node() {
    return Scenario.nodeName(nextNode++);
  }

  @Test
  void plain_lines_read_as_kubectls() {
    String node = node();
    for (int i = 0; i < 3; i++) {
      sb.addPod("plain", "web-" + i, node, Scenario.PodKind.REPLICA_SET, "web");
    }
    sb.addPod("kube-system", "agent-x", node, Scenario.PodKind.DAEMON_SET, "agent");

    Result r = cli.run("drain", node, "-c", "sb", "--ignore-daemonsets");

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("node/" + node + " cordoned");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("node/" + node + " drained");
    assertThat(lines.subList(1, lines.size() - 1))
        .containsExactlyInAnyOrder(
            "evicting pod plain/web-0",
            "evicting pod plain/web-1",
            "evicting pod plain/web-2",
            "pod/web-0 evicted",
            "pod/web-1 evicted",
            "pod/web-2 evicted");
    assertThat(r.err())
        .isEqualTo("Warning: ignoring DaemonSet-managed Pods: kube-system/agent-x\n");
  }

  @Test
  void ndjson_has_one_documented_event_a_line() throws Exception {
    String node = node();
    for (int i = 0; i < 2; i++) {
      sb.addPod("nd", "web-" + i, node, Scenario.PodKind.REPLICA_SET, "web");
    }

    Result r = cli.run("drain", node, "-c", "sb", "-o", "ndjson");

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> events = new ArrayList<>();
    for (String l : r.out().lines().toList()) {
      events.add(JSON.readTree(l));
    }
    assertThat(events)
        .extracting(e -> e.path("event").asText())
        .startsWith("drain_started", "node_cordoned", "node_planned")
        .endsWith("node_drained", "drain_done")
        .filteredOn(n -> n.startsWith("pod_"))
        .containsExactlyInAnyOrder("pod_evicting", "pod_evicting", "pod_gone", "pod_gone");
    assertThat(events.get(0).path("drainId").asText()).matches("[0-9a-f-]{36}");
    assertThat(events.get(0).path("nodes").toString()).isEqualTo("[\"" + node + "\"]");
    assertThat(events.get(0).path("resumed").asBoolean()).isFalse();
    JsonNode planned = events.get(2);
    assertThat(planned.path("cluster").asText()).isEqualTo("sb");
    assertThat(planned.path("node").asText()).isEqualTo(node);
    assertThat(planned.path("toEvict").toString()).isEqualTo("[\"nd/web-0\",\"nd/web-1\"]");
    assertThat(planned.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    JsonNode evicting =
        events.stream()
            .filter(e -> e.path("event").asText().equals("pod_evicting"))
            .findFirst()
            .orElseThrow();
    assertThat(evicting.path("pod").asText()).startsWith("nd/web-");
    assertThat(evicting.path("uid").asText()).isNotEmpty();
    assertThat(evicting.path("attempt").asInt()).isEqualTo(1);
    JsonNode drained = events.get(events.size() - 2);
    assertThat(drained.path("evicted").asInt()).isEqualTo(2);
    assertThat(drained.path("elapsedSeconds").isNumber()).isTrue();
    JsonNode done = events.get(events.size() - 1);
    assertThat(done.path("drainId").asText()).matches("[0-9a-f-]{36}");
    assertThat(done.path("drained").toString()).isEqualTo("[\"" + node + "\"]");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void a_budget_past_the_timeout_is_exit_code_6_naming_budget_and_pods() {
    String node = node();
    sb.addPod("held", "web-0", node, Scenario.PodKind.REPLICA_SET, "web");
    sb.createPdb("held", "web", Map.of("app", "web"), 1, null);

    Result r = cli.run("drain", node, "-c", "sb", "--timeout=2s");

    assertThat(r.exitCode()).isEqualTo(6);
    assertThat(r.out()).isEqualTo("node/" + node + " cordoned\nevicting pod held/web-0\n");
    assertThat(r.err())
        .matches(
            "waiting: pdb held/web allows 0 disruptions \\(needs 1 healthy, has 1\\): pod"
                + " held/web-0; retrying every 0.2s\n"
                + "error: unable to drain node \""
                + node.replace(".", "\\.")
                + "\": timed out after [23]s waiting for disruption budgets: pdb held/web allows 0"
                + " disruptions \\(needs 1 healthy, has 1\\) blocks held/web-0\n");
    assertThat(cli.run("audit", "-c", "sb", "-o", "json").out())
        .contains("\"outcome\": \"blocked\"")
        .contains("\"exitCode\": 6");
  }

  @Test
  void dry_run_prints_the_plan_and_the_exit_code_a_real_drain_would_give() {
    String node = node();
    sb.addPod("dry", "web-0", node, Scenario.PodKind.REPLICA_SET, "web");
    sb.addPod("dry", "web-1", node, Scenario.PodKind.REPLICA_SET, "web");
    sb.addPod("kube-system", "agent-d", node, Scenario.PodKind.DAEMON_SET, "agent");
    sb.createPdb("dry", "web", Map.of("app", "web"), 2, null);
    sb.requestLog().clear();

    Result r = cli.run("drain", node, "-c", "sb", "--dry-run", "--ignore-daemonsets");

    assertThat(r.exitCode()).isEqualTo(6);
    assertThat(r.out())
        .isEqualTo(
            "node/"
                + node
                + " cordoned (dry run)\n"
                + "evicting pod dry/web-0 (dry run)\n"
                + "evicting pod dry/web-1 (dry run)\n"
                + "node/"
                + node
                + ": would evict 2 pods\n"
                + "node/"
                + node
                + ": would leave alone 1 pod: kube-system/agent-d\n"
                + "node/"
                + node
                + ": pdb dry/web allows now 0 disruptions (needs 2 healthy, has 2); it covers 2"
                + " pods: dry/web-0, dry/web-1; 2 would wait for it\n"
                + "node/"
                + node
                + ": a real drain would exit 6 (held by a disruption budget past --timeout)\n");
    assertThat(r.err())
        .isEqualTo("Warning: ignoring DaemonSet-managed Pods: kube-system/agent-d\n");
    assertThat(sb.requestLog().count(e -> !e.method().equals("GET"))).isZero();
  }

  @Test
  void bad_input_is_one_line_with_its_exit_code_and_changes_nothing() {
    String node = node();
    sb.addPod("bad", "web-0", node, Scenario.PodKind.REPLICA_SET, "web");
    List<String> before = StoreRows.dump(store);
    sb.requestLog().clear();

    assertThat(cli.run("drain", "no-such-node", "-c", "sb"))
        .isEqualTo(new Result(1, "", "error: cluster sb: no node named no-such-node\n"));
    assertThat(cli.run("drain", "-c", "sb", "-l", "pool=none"))
        .isEqualTo(
            new Result(1, "", "error: cluster sb: no nodes match the selector \"pool=none\"\n"));
    assertThat(cli.run("drain", node, "-c", "sb", "-l", "pool=a"))
        .isEqualTo(
            new Result(2, "", "error: cannot specify both a node name and a --selector option\n"));
    assertThat(cli.run("drain", node, "-c", "sb", "--dry-run", "--resume"))
        .isEqualTo(new Result(2, "", "error: --dry-run and --resume cannot be used together\n"));
    assertThat(cli.run("drain", node, "-c", "sb", "--eviction-concurrency", "0"))
        .isEqualTo(new Result(2, "", "error: --eviction-concurrency must be at least 1\n"));
    assertThat(cli.run("drain", node, "-c", "sb", "-o", "json"))
        .isEqualTo(
            new Result(2, "", "error: drain prints plain text, or -o ndjson: not -o json\n"));
    assertThat(cli.run("drain", node, "-c", "sb", "--resume"))
        .isEqualTo(
            new Result(
                1,
                "",
                "error: no interrupted drain of node " + node + " in cluster sb to resume\n"));
    assertThat(cli.run("drain", node, "-c", "nope"))
        .isEqualTo(new Result(1, "", "error: cluster 'nope' not found\n"));
    Result badTimeout = cli.run("drain", node, "-c", "sb", "--timeout=5x");
    assertThat(badTimeout.exitCode()).isEqualTo(2);
    assertThat(badTimeout.err())
        .startsWith(
            "error: Invalid value for option '--timeout': invalid duration '5x' for --timeout");

    assertThat(sb.requestLog().count(e -> !e.method().equals("GET"))).isZero();
    assertThat(sb.node(node).node().path("spec").path("unschedulable").asBoolean()).isFalse();
    assertThat(StoreRows.dump(store)).isEqualTo(before);
  }

  @Test
  void a_drain_is_in_the_audit_log_with_who_what_and_how_it_ended() throws Exception {
    String node = node();
    sb.addPod("aud", "web-0", node, Scenario.PodKind.REPLICA_SET, "web");

    Result r = cli.run("drain", node, "-c", "sb", "--grace-period=0");
    Result audit = cli.run("audit", "-c", "sb", "-o", "json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode row = null;
    for (JsonNode item : JSON.readTree(audit.out()).path("items")) {
      if (item.path("target").asText().equals("node/" + node)) {
        row = item;
      }
    }
    assertThat(row).isNotNull();
    assertThat(row.path("command").asText()).isEqualTo("drain");
    assertThat(row.path("cluster").asText()).isEqualTo("sb");
    assertThat(row.path("user").asText()).isEqualTo(System.getProperty("user.name"));
    assertThat(row.path("commandLine").asText())
        .isEqualTo("knm drain " + node + " -c sb --grace-period=0");
    assertThat(row.path("outcome").asText()).isEqualTo("ok");
    assertThat(row.path("exitCode").asInt()).isZero();
    assertThat(row.path("message").asText())
        .matches("drain [0-9a-f-]{36}: drained " + node.replace(".", "\\."));
  }

  @Test
  void a_closed_stdout_does_not_stop_the_drain_nor_change_its_exit_code() throws Exception {
    // given a node with three pods, drained as `knm drain ... -o ndjson | head -1`
    String node = node();
    for (int i = 0; i < 3; i++) {
      sb.addPod("piped", "web-" + i, node, Scenario.PodKind.REPLICA_SET, "web");
    }

    // when
    Result r = cli.runPipedTo(1, "drain", node, "-c", "sb", "-o", "ndjson", "--grace-period=0");

    // then: head got the first event; knm ended quietly with 0 after draining the node to the end
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out().lines().toList())
        .singleElement()
        .satisfies(
            l -> assertThat(JSON.readTree(l).path("event").asText()).isEqualTo("drain_started"));
    assertThat(sb.podsOn(node)).isEmpty();
    assertThat(sb.node(node).node().path("spec").path("unschedulable").asBoolean()).isTrue();
    // and the journal and the audit log say it ended: nothing to resume
    assertThat(cli.run("audit", "-c", "sb", "-o", "json").out())
        .contains("\"message\": \"drain ")
        .containsPattern("drained " + node.replace(".", "\\.") + "\"");
    assertThat(cli.run("drain", node, "-c", "sb", "--resume").exitCode()).isEqualTo(1);

    // and a drain that fails (a budget at its limit) keeps its own exit code, plain lines too
    String held = node();
    sb.addPod("piped-held", "web-0", held, Scenario.PodKind.REPLICA_SET, "web");
    sb.createPdb("piped-held", "web", Map.of("app", "web"), 1, null);
    Result blocked = cli.runPipedTo(1, "drain", held, "-c", "sb", "--timeout=1s");
    assertThat(blocked.exitCode()).as(blocked.out() + blocked.err()).isEqualTo(6);
    assertThat(blocked.out()).isEqualTo("node/" + held + " cordoned\n");
    assertThat(blocked.err())
        .endsWith(" blocks piped-held/web-0\n")
        .doesNotContain("stdout")
        .doesNotContain("Exception");
  }
}
