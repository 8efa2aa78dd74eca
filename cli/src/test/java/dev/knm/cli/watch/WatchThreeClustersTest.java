package dev.knm.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must show (issue #11): three clusters watched at once, the third's API server stopped and
 * restarted mid-test (etcd going on meanwhile: a label and a cordon, then a compaction). The other
 * two never pause: their changes keep being printed, each exactly once, while the third reports
 * reconnecting and, once back, the changes it missed as catch-up lines.
 */
class WatchThreeClustersTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  @Test
  void oneClusterDownNeverPausesTheOthersAndComesBackWithItsCatchUp() throws Exception {
    try (Sandbox a = Sandbox.start(SandboxOptions.builder().nodes(3).pods(0).seed(1).build());
        Sandbox b = Sandbox.start(SandboxOptions.builder().nodes(3).pods(0).seed(2).build());
        Sandbox c = Sandbox.start(SandboxOptions.builder().nodes(3).pods(0).seed(3).build())) {
      CliRunner cli = new CliRunner(home).env("KNM_RETRY_BASE_DELAY", "10ms");
      for (var e : List.of(List.of("a", a), List.of("b", b), List.of("c", c))) {
        Path kc = ((Sandbox) e.get(1)).writeKubeconfig(home.resolve(e.get(0) + ".kubeconfig"));
        Result r = cli.run("import", (String) e.get(0), "--kubeconfig", kc.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
      }
      CliRunner.Running watch =
          cli.start("watch", "--all", "-o", "ndjson", "--state-interval", "0");
      AtomicBoolean changing = new AtomicBoolean(true);
      List<String> made = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread changer = null;
      try {
        for (String name : List.of("a", "b", "c")) {
          watch.err().await(l -> l.equals("cluster " + name + ": synced, 3 nodes (3 Ready)"), WAIT);
        }
        // given a and b changing all along: a label with a new value every 100 ms each
        SandboxApi apiA = new SandboxApi(a);
        SandboxApi apiB = new SandboxApi(b);
        changer =
            new Thread(
                () -> {
                  int i = 0;
                  try {
                    while (changing.get()) {
                      apiA.label(Scenario.nodeName(i % 3), "seq", "a-" + i);
                      made.add("a-" + i);
                      apiB.label(Scenario.nodeName(i % 3), "seq", "b-" + i);
                      made.add("b-" + i);
                      i++;
                      Thread.sleep(100);
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                "changer");
        changer.start();
        Thread.sleep(1000);

        // when c's API server stops, c changes meanwhile (a label, a cordon) and forgets its
        // history, and the server comes back
        Instant down = Instant.now();
        c.stopServing();
        watch.err().await(l -> l.startsWith("cluster c: reconnecting: "), WAIT);
        c.labelNode(Scenario.nodeName(1), "while", "away");
        c.store()
            .mutate(
                ResourceType.NODE,
                null,
                Scenario.nodeName(2),
                n -> {
                  ((ObjectNode) n.get("spec")).put("unschedulable", true);
                  return n;
                });
        c.store().compact();
        Thread.sleep(1500);
        c.startServing();
        watch.err().await(l -> l.startsWith("cluster c: listed again"), WAIT);
        Instant up = Instant.now();
        Thread.sleep(500);
        changing.set(false);
        changer.join();
        String lastA = made.stream().filter(s -> s.startsWith("a-")).reduce((x, y) -> y).get();
        String lastB = made.stream().filter(s -> s.startsWith("b-")).reduce((x, y) -> y).get();
        watch.out().await(l -> l.contains("\"" + lastA + "\""), WAIT);
        watch.out().await(l -> l.contains("\"" + lastB + "\""), WAIT);
        watch.closeStdout();
        assertThat(watch.await(WAIT)).isZero();

        List<JsonNode> events = new ArrayList<>();
        for (String l : watch.out().lines()) {
          events.add(JSON.readTree(l));
        }
        // then a and b: every change printed exactly once, and printed all through c's outage
        for (String cluster : List.of("a", "b")) {
          List<JsonNode> mine =
              events.stream().filter(e -> e.path("cluster").asText().equals(cluster)).toList();
          List<String> values = mine.stream().map(e -> e.path("new").asText()).toList();
          List<String> want = made.stream().filter(s -> s.startsWith(cluster + "-")).toList();
          assertThat(values).as(cluster).containsExactlyElementsOf(want);
          assertThat(mine).allMatch(e -> !e.path("catchUp").asBoolean());
          List<Instant> during =
              mine.stream()
                  .map(e -> Instant.parse(e.path("time").asText()))
                  .filter(t -> !t.isBefore(down) && !t.isAfter(up))
                  .toList();
          long outageMs = Duration.between(down, up).toMillis();
          assertThat(during.size())
              .as(cluster + ": changes printed during c's %d ms outage", outageMs)
              .isGreaterThanOrEqualTo((int) (outageMs / 1000));
          for (int i = 1; i < during.size(); i++) {
            assertThat(Duration.between(during.get(i - 1), during.get(i)))
                .as(cluster + ": a pause while c was down")
                .isLessThan(Duration.ofMillis(1500));
          }
        }
        // and c: reconnecting on stderr, then the changes it missed as catch-up lines
        List<String> cLines =
            events.stream()
                .filter(e -> e.path("cluster").asText().equals("c"))
                .map(
                    e ->
                        e.path("node").asText()
                            + " "
                            + e.path("type").asText()
                            + " "
                            + e.path("field").asText()
                            + " "
                            + e.path("new").asText()
                            + " catchUp="
                            + e.path("catchUp").asBoolean())
                .toList();
        assertThat(cLines)
            .containsExactly(
                Scenario.nodeName(1) + " label-added while away catchUp=true",
                Scenario.nodeName(2) + " cordoned unschedulable true catchUp=true");
        assertThat(watch.err().lines())
            .anyMatch(
                l ->
                    l.startsWith(
                        "cluster c: reconnecting: GET /api/v1/nodes (watch) failed: connection"
                            + " refused (retry in "))
            .contains("cluster c: listed again, 3 nodes (3 Ready), 2 changes while away")
            .noneMatch(
                l ->
                    l.startsWith("cluster a: reconnecting")
                        || l.startsWith("cluster b: reconnecting"));
      } finally {
        changing.set(false);
        if (changer != null) {
          changer.join();
        }
        watch.closeStdout();
        watch.await(WAIT);
      }
    }
  }
}
