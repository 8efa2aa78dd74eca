package dev.knm.cli.watch;

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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `knm watch` and `knm events` in-process against a sandbox: lines, ndjson, --record, errors. */
class WatchCommandTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
  static final String N1 = Scenario.nodeName(1);
  static final String N2 = Scenario.nodeName(2);

  @TempDir static Path home;
  static Sandbox sandbox;
  static CliRunner cli;
  static SandboxApi api;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.builder().nodes(3).pods(0).seed(5).build());
    cli = new CliRunner(home).env("KNM_RETRY_BASE_DELAY", "10ms");
    Path kc = sandbox.writeKubeconfig(home.resolve("lab.kubeconfig"));
    Result r = cli.run("import", "lab", "--kubeconfig", kc.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    api = new SandboxApi(sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void printsOneLinePerChangeAndEndsQuietlyWhenStdoutIsClosed() throws Exception {
    // given a watch of one cluster, synced
    CliRunner.Running watch = cli.start("watch", "-c", "lab", "--state-interval", "0");
    try {
      linesThenClosed(watch);
    } finally {
      watch.closeStdout();
      watch.await(WAIT);
    }
  }

  private void linesThenClosed(CliRunner.Running watch) throws Exception {
    watch.err().await(l -> l.equals("cluster lab: synced, 3 nodes (3 Ready)"), WAIT);

    // when a label is added, changed, and a node cordoned and tainted through the API
    api.label(N1, "team", "a");
    api.label(N1, "team", "b");
    api.patch(N2, false, SandboxApi.MERGE, "{\"spec\":{\"unschedulable\":true}}");
    api.patch(
        N2,
        false,
        SandboxApi.MERGE,
        "{\"spec\":{\"unschedulable\":true,\"taints\":[{\"key\":\"dedicated\",\"value\":\"gpu\","
            + "\"effect\":\"NoSchedule\"}]}}");
    watch.out().await(l -> l.contains("taint"), WAIT);

    // and its reader goes away
    watch.closeStdout();

    // then one line per change, in order, and knm ends by itself with 0 and nothing on stderr
    assertThat(watch.await(WAIT)).isZero();
    List<String> lines = watch.out().lines();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).matches(TIME + "  lab  " + N1 + "  label team=a added");
    assertThat(lines.get(1)).matches(TIME + "  lab  " + N1 + "  label team: a → b");
    assertThat(lines.get(2)).matches(TIME + "  lab  " + N2 + "  cordoned");
    assertThat(lines.get(3))
        .matches(TIME + "  lab  " + N2 + "  taint dedicated=gpu:NoSchedule added");
    assertThat(watch.err().lines()).containsExactly("cluster lab: synced, 3 nodes (3 Ready)");
    api.label(N1, "team", null);
    api.patch(N2, false, SandboxApi.MERGE, "{\"spec\":{\"unschedulable\":null,\"taints\":null}}");
  }

  @Test
  void recordsChangesAndStatesThenEventsAndDescribeShowThem() throws Exception {
    // given a recording ndjson watch that writes the cluster's state every 300 ms
    sandbox.requestLog().clear();
    CliRunner.Running watch =
        cli.start("watch", "--record", "--state-interval", "300ms", "-o", "ndjson");
    try {
      recordsAndShows(watch);
    } finally {
      watch.closeStdout();
      watch.await(WAIT);
    }
  }

  private void recordsAndShows(CliRunner.Running watch) throws Exception {
    watch.err().await(l -> l.startsWith("cluster lab: synced"), WAIT);
    api.label(N1, "recorded", "yes");
    api.patch(
        N1,
        true,
        SandboxApi.STRATEGIC,
        "{\"status\":{\"conditions\":[{\"type\":\"DiskPressure\",\"status\":\"True\","
            + "\"reason\":\"KubeletHasDiskPressure\"}]}}");
    watch.out().await(l -> l.contains("DiskPressure.reason"), WAIT);
    // the state is written from the cache: the cluster's node figures appear in `knm list`
    long end = System.nanoTime() + WAIT.toNanos();
    JsonNode state = null;
    while (System.nanoTime() < end) {
      state = JSON.readTree(cli.run("list", "-o", "json").out()).path("items").get(0).path("state");
      if (state.path("nodeCount").asInt() == 3) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(state.path("nodeCount").asInt()).isEqualTo(3);
    assertThat(state.path("readyNodes").asInt()).isEqualTo(3);
    assertThat(state.path("status").asText()).isEqualTo("Ready");
    assertThat(state.path("kubernetesVersion").asText()).startsWith("v1.");
    assertThat(state.path("cpuMillis").asLong()).isGreaterThan(0);
    // with no extra API call: the watch's own list only
    assertThat(
            sandbox
                .requestLog()
                .count(e -> e.path().equals("/api/v1/nodes") && !e.query().contains("watch")))
        .isEqualTo(1);

    watch.closeStdout();
    assertThat(watch.await(WAIT)).isZero();
    List<JsonNode> printed = watch.out().lines().stream().map(WatchCommandTest::json).toList();
    assertThat(printed).hasSize(3);
    JsonNode label = printed.get(0);
    assertThat(fields(label))
        .containsExactly(
            "type",
            "cluster",
            "node",
            "field",
            "old",
            "new",
            "time",
            "resourceVersion",
            "catchUp",
            "count");
    assertThat(label.path("type").asText()).isEqualTo("label-added");
    assertThat(label.path("node").asText()).isEqualTo(N1);
    assertThat(label.path("field").asText()).isEqualTo("recorded");
    assertThat(label.path("old").isNull()).isTrue();
    assertThat(label.path("new").asText()).isEqualTo("yes");
    assertThat(label.path("resourceVersion").asText()).matches("\\d+");
    assertThat(label.path("catchUp").asBoolean()).isFalse();
    assertThat(label.path("count").isNull()).isTrue();

    // then knm events lists what was recorded: table, ndjson, filters
    Result table = cli.run("events", "-c", "lab");
    assertThat(table.exitCode()).as(table.err()).isZero();
    List<String> rows = table.out().lines().toList();
    assertThat(rows.get(0)).matches("TIME\\s+CLUSTER\\s+NODE\\s+CHANGE");
    assertThat(rows.subList(1, rows.size()))
        .hasSize(3)
        .satisfies(
            r -> {
              assertThat(r.get(0))
                  .matches(TIME + "   lab       " + N1 + "   label recorded=yes added");
              assertThat(r.get(1))
                  .matches(TIME + "   lab       " + N1 + "   DiskPressure: False → True");
              assertThat(r.get(2))
                  .matches(
                      TIME
                          + "   lab       "
                          + N1
                          + "   DiskPressure reason: KubeletHasNoDiskPressure → KubeletHasDiskPressure");
            });
    Result nd = cli.run("events", "--node", N1, "--since", "1h", "-o", "ndjson");
    assertThat(nd.out().lines().map(WatchCommandTest::json).toList()).isEqualTo(printed);
    assertThat(cli.run("events", "--node", "nope").err()).isEqualTo("No events found.\n");
    Result json = cli.run("events", "-o", "json", "--limit", "1");
    assertThat(json(json.out()).path("kind").asText()).isEqualTo("NodeEventList");
    assertThat(json(json.out()).path("items")).hasSize(1);
    assertThat(json(json.out()).path("items").get(0)).isEqualTo(printed.get(2));

    // and describe node ends with the node's recorded history
    Result d = cli.run("describe", "node", N1, "-c", "lab");
    assertThat(d.exitCode()).as(d.err()).isZero();
    String history = d.out().substring(d.out().indexOf("Recorded changes"));
    assertThat(history.lines().toList())
        .hasSize(4)
        .satisfies(
            h -> {
              assertThat(h.get(0)).isEqualTo("Recorded changes (knm watch --record):");
              assertThat(h.get(1)).matches("  " + TIME + "   label recorded=yes added");
            });
    api.label(N1, "recorded", null);
  }

  @Test
  void badInputIsAUsageErrorAndChangesNothing() throws Exception {
    List<String> before = storeContents();
    assertUsage(
        cli.run("watch", "-o", "json"),
        "error: knm watch prints lines, or one JSON event a line with -o ndjson; -o json is not"
            + " supported");
    assertUsage(
        cli.run("watch", "--interactive", "-c", "lab"),
        "error: the interactive screen needs a terminal on stdin and stdout; use"
            + " --no-interactive");
    assertUsage(
        cli.run("watch", "--interactive", "-o", "ndjson"),
        "error: -o ndjson prints lines: it cannot be --interactive");
    assertUsage(
        cli.run("watch", "-c", "lab", "--all"),
        "error: give either -c/--cluster or --all, not both");
    assertUsage(
        cli.run("watch", "--flap-window", "0"), "error: --flap-window must be longer than 0");
    assertUsage(
        cli.run("watch", "--state-interval", "soon"),
        "error: Invalid value for option '--state-interval': invalid duration 'soon' for"
            + " --request-timeout: use e.g. 500ms, 30s, 5m, 1h");
    Result unknown = cli.run("watch", "-c", "nope");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("error: cluster 'nope' not found\n");
    Result events = cli.run("events", "-c", "nope");
    assertThat(events.exitCode()).isEqualTo(1);
    assertThat(events.err()).isEqualTo("error: cluster 'nope' not found\n");
    assertUsage(cli.run("events", "-o", "name"), "error: -o name is not supported by knm events");
    assertThat(storeContents()).isEqualTo(before);
  }

  private static void assertUsage(Result r, String firstLine) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().findFirst().orElse("")).isEqualTo(firstLine);
    assertThat(r.out()).isEmpty();
  }

  /** What the store holds, as knm shows it: clusters with their states, and recorded events. */
  private static List<String> storeContents() {
    return List.of(cli.run("list", "-o", "json").out(), cli.run("events", "-o", "json").out());
  }

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }

  static List<String> fields(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
