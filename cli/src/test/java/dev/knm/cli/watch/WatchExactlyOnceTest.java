package dev.knm.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.sandbox.ChangeRecord;
import dev.knm.sandbox.Faults;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must show (issue #11), exactly once: 1,000 random node changes (labels, taints, cordon,
 * conditions) made through the API while the sandbox drops every watch every second, expires
 * resourceVersions every 2 s (its API server goes away for 300 ms while etcd takes writes and
 * compacts its history, so the resuming watch gets 410 and lists again) and every node posts a
 * heartbeat-only update every 2 s. The 5 s drop interval is scaled down to 1 s to keep the
 * test short; the semantics are the same (many more drops and relists per change, if anything).
 * Every change in the sandbox's own record appears in knm's ndjson exactly once, and every line knm
 * printed is one of them: no heartbeat-only update, no duplicate.
 *
 * <p>Informer semantics allow one thing: changes made while knm could not resume its watch (410,
 * then a new list) are seen as the net change since the last version it saw, flagged catchUp. So a
 * catch-up line may stand for a run of consecutive changes of one field (its old value is the run's
 * first old, its new the run's last new), and a run that ends where it began (a → b → a) while away
 * shows no line at all. The check accepts exactly that and nothing more, and reports how often it
 * happened.
 */
class WatchExactlyOnceTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();
  static final int NODES = 150;
  static final int CHANGES = 1000;
  static final String[] CONDITIONS = {"Ready", "MemoryPressure", "DiskPressure", "PIDPressure"};
  static final String[] STATUSES = {"True", "False", "Unknown"};
  static final String[] REASONS = {"KubeletReady", "KubeletNotReady", "NodeStatusUnknown"};

  @TempDir Path home;

  /** One significant field of one node, as knm names it. */
  record Key(String node, String field) {}

  /** A change of that field: at the node version {@code rv}, {@code from} → {@code to}. */
  record Step(long rv, String from, String to, boolean catchUp) {}

  @Test
  void everyChangeIsReportedExactlyOnceThroughDropsExpiryAndHeartbeats() throws Exception {
    Faults faults = new Faults();
    try (Sandbox sb =
        Sandbox.start(
            SandboxOptions.builder()
                .nodes(NODES)
                .pods(0)
                .seed(3)
                .heartbeatInterval(Duration.ofSeconds(2))
                .faults(faults)
                .build())) {
      CliRunner cli = new CliRunner(home).env("KNM_RETRY_BASE_DELAY", "10ms");
      Path kc = sb.writeKubeconfig(home.resolve("kc"));
      Result imported = cli.run("import", "lab", "--kubeconfig", kc.toString());
      assertThat(imported.exitCode()).as(imported.err()).isZero();

      // given a synced ndjson watch (flap detection off: every Ready change is to be printed)
      CliRunner.Running watch =
          cli.start("watch", "-o", "ndjson", "--flap-threshold", "0", "--state-interval", "0");
      try {
        watch.err().await(l -> l.equals("cluster lab: synced, 150 nodes (150 Ready)"), WAIT);
        ChangeRecord record = sb.store().recordChanges();
        faults.dropWatchesEvery(Duration.ofSeconds(1));
        Thread expiry = expireVersionsEvery(sb, Duration.ofSeconds(2));

        // when 1,000 random changes are made through the API
        SandboxApi api = new SandboxApi(sb);
        Random rnd = new Random(11);
        for (int i = 0; i < CHANGES; i++) {
          change(sb, api, rnd, Scenario.nodeName(rnd.nextInt(NODES)));
        }
        expiry.interrupt();
        expiry.join();
        faults.reset();

        // then knm catches up with the server's state, field by field
        Map<Key, List<Step>> expected = significant(record.changes());
        awaitFinalValues(watch, expected);
        watch.closeStdout();
        assertThat(watch.await(WAIT)).isZero();

        Map<Key, List<Step>> printed = printed(watch.out().lines());
        Tally t = check(expected, printed);
        System.out.printf(
            "exactly once: %d significant changes (%d heartbeat writes); %d printed live, %d"
                + " covered by %d catch-up lines, %d undone while away; %d relists%n",
            t.changes,
            record.changes().stream().filter(c -> isHeartbeat(c)).count(),
            t.live,
            t.covered,
            t.catchUpLines,
            t.netZero,
            watch.err().lines().stream().filter(l -> l.contains("listed again")).count());
        assertThat(t.changes).isGreaterThan(CHANGES * 7 / 10); // the rest were no-ops
        assertThat(t.live + t.covered + t.netZero).isEqualTo(t.changes);
        assertThat(t.live).isGreaterThan(t.changes / 2);
        // undone-while-away runs are legitimate only inside a relist gap, which is short: rare
        assertThat(t.netZero).isLessThanOrEqualTo(CHANGES / 100);
        // the faults did happen: watches were resumed and lists repeated after 410s
        assertThat(watch.err().lines().stream().filter(l -> l.contains("listed again")).count())
            .isGreaterThanOrEqualTo(2);
        assertThat(
                sb.requestLog().count(e -> e.query() != null && e.query().contains("watch=true")))
            .isGreaterThan(5);
      } finally {
        watch.closeStdout();
        watch.await(WAIT);
      }
    }
  }

  /**
   * Every {@code every}: the API server goes away for 300 ms while etcd takes writes (the
   * heartbeats) and compacts its history, then comes back: a watch resuming from where it was gets
   * 410 and must list again.
   */
  private static Thread expireVersionsEvery(Sandbox sb, Duration every) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(every.toMillis());
                  sb.stopServing();
                  try {
                    Thread.sleep(300);
                    sb.store().compact();
                  } finally {
                    sb.startServing();
                  }
                }
              } catch (InterruptedException e) {
                // done
              }
            },
            "expire-versions");
    t.setDaemon(true);
    t.start();
    return t;
  }

  // ---------------------------------------------------------------- the changes

  private static void change(Sandbox sb, SandboxApi api, Random rnd, String node) throws Exception {
    switch (rnd.nextInt(4)) {
      case 0 -> {
        String v = rnd.nextInt(4) == 0 ? null : "v" + rnd.nextInt(3);
        api.label(node, "k" + rnd.nextInt(5), v);
      }
      case 1 -> {
        // taints: read the node's list, add or drop one, PATCH the whole list (as kubectl taint)
        ArrayNode taints = JSON.createArrayNode();
        String key = "t" + rnd.nextInt(2);
        boolean add = rnd.nextBoolean();
        boolean present = false;
        for (JsonNode t : sb.node(node).node().path("spec").path("taints")) {
          if (t.path("key").asText().equals(key)) {
            present = true;
            if (!add) {
              continue;
            }
          }
          taints.add(t);
        }
        if (add && !present) {
          taints
              .addObject()
              .put("key", key)
              .put("value", "x" + rnd.nextInt(2))
              .put("effect", "NoSchedule");
        }
        ObjectNode body = JSON.createObjectNode();
        body.putObject("spec").set("taints", taints);
        api.patch(node, false, SandboxApi.MERGE, body.toString());
      }
      case 2 ->
          api.patch(
              node,
              false,
              SandboxApi.MERGE,
              "{\"spec\":{\"unschedulable\":" + rnd.nextBoolean() + "}}");
      default -> {
        String type = CONDITIONS[rnd.nextInt(CONDITIONS.length)];
        api.patch(
            node,
            true,
            SandboxApi.STRATEGIC,
            "{\"status\":{\"conditions\":[{\"type\":\""
                + type
                + "\",\"status\":\""
                + STATUSES[rnd.nextInt(3)]
                + "\",\"reason\":\""
                + REASONS[rnd.nextInt(3)]
                + "\"}]}}");
      }
    }
  }

  // ---------------------------------------------------------------- the record, as knm's fields

  static boolean isHeartbeat(ChangeRecord.Change c) {
    return c.path().get(c.path().size() - 1).equals("lastHeartbeatTime");
  }

  /** The sandbox's record of significant changes, by knm field, in resourceVersion order. */
  static Map<Key, List<Step>> significant(List<ChangeRecord.Change> changes) throws Exception {
    Map<Key, List<Step>> out = new LinkedHashMap<>();
    for (ChangeRecord.Change c : changes) {
      List<String> p = c.path();
      String field = null;
      String from = null;
      String to = null;
      if (p.size() == 3 && p.get(0).equals("metadata") && p.get(1).equals("labels")) {
        field = p.get(2);
        from = c.oldValue();
        to = c.newValue();
      } else if (p.equals(List.of("spec", "unschedulable"))) {
        field = "unschedulable";
        from = Boolean.toString("true".equals(c.oldValue()));
        to = Boolean.toString("true".equals(c.newValue()));
      } else if (p.size() == 3 && p.get(1).equals("taints")) {
        field = p.get(2);
        from = taintValue(c.oldValue());
        to = taintValue(c.newValue());
      } else if (p.size() == 4 && p.get(1).equals("conditions") && p.get(3).equals("status")) {
        field = p.get(2);
        from = c.oldValue();
        to = c.newValue();
      } else if (p.size() == 4 && p.get(1).equals("conditions") && p.get(3).equals("reason")) {
        field = p.get(2) + ".reason";
        from = c.oldValue();
        to = c.newValue();
      }
      if (field != null && !Objects.equals(from, to)) {
        out.computeIfAbsent(new Key(c.node(), field), k -> new ArrayList<>())
            .add(new Step(c.resourceVersion(), from, to, false));
      }
    }
    return out;
  }

  private static String taintValue(String elementJson) throws Exception {
    if (elementJson == null) {
      return null;
    }
    return JSON.readTree(elementJson).path("value").asText("");
  }

  /** What knm printed, by field, in printed order. */
  static Map<Key, List<Step>> printed(List<String> lines) throws Exception {
    Map<Key, List<Step>> out = new LinkedHashMap<>();
    for (String l : lines) {
      JsonNode e = JSON.readTree(l);
      Key k = new Key(e.path("node").asText(), e.path("field").asText());
      out.computeIfAbsent(k, x -> new ArrayList<>())
          .add(
              new Step(
                  Long.parseLong(e.path("resourceVersion").asText()),
                  e.path("old").isNull() ? null : e.path("old").asText(),
                  e.path("new").isNull() ? null : e.path("new").asText(),
                  e.path("catchUp").asBoolean()));
    }
    return out;
  }

  /** Waits until knm's last printed value of every changed field is the sandbox's last one. */
  private static void awaitFinalValues(CliRunner.Running watch, Map<Key, List<Step>> expected)
      throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    Map<Key, String> want = new HashMap<>();
    Map<Key, String> before = new HashMap<>();
    expected.forEach(
        (k, s) -> {
          want.put(k, s.get(s.size() - 1).to());
          before.put(k, s.get(0).from());
        });
    while (true) {
      Map<Key, List<Step>> got = printed(watch.out().lines());
      int behind = 0;
      for (Map.Entry<Key, String> w : want.entrySet()) {
        List<Step> g = got.get(w.getKey());
        String last = g == null ? before.get(w.getKey()) : g.get(g.size() - 1).to();
        if (!Objects.equals(last, w.getValue())) {
          behind++;
        }
      }
      if (behind == 0) {
        return;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(behind + " fields never reached their final value");
      }
      Thread.sleep(100);
    }
  }

  static final class Tally {
    int changes;
    int live;
    int covered;
    int catchUpLines;
    int netZero;
  }

  /** Matches what knm printed against the record (see the class comment); fails on any excess. */
  static Tally check(Map<Key, List<Step>> expected, Map<Key, List<Step>> printed) {
    Tally t = new Tally();
    expected.values().forEach(s -> t.changes += s.size());
    for (Key k : printed.keySet()) {
      assertThat(expected).as("printed a change nobody made: " + k).containsKey(k);
    }
    for (Map.Entry<Key, List<Step>> e : expected.entrySet()) {
      List<Step> s = e.getValue();
      List<Step> p = printed.getOrDefault(e.getKey(), List.of());
      int i = 0;
      for (Step line : p) {
        if (!line.catchUp()) {
          int j = i;
          while (j < s.size() && s.get(j).rv() != line.rv()) {
            j++;
          }
          assertThat(j)
              .as(e.getKey() + ": printed " + line + ", recorded " + s)
              .isLessThan(s.size());
          assertThat(new Step(s.get(j).rv(), s.get(j).from(), s.get(j).to(), false))
              .as(e.getKey() + " at rv " + line.rv())
              .isEqualTo(line);
          assertNetZero(e.getKey(), s.subList(i, j));
          t.netZero += j - i;
          t.live++;
          i = j + 1;
        } else {
          int j = i;
          while (j < s.size() && s.get(j).rv() <= line.rv()) {
            j++;
          }
          List<Step> run = s.subList(i, j);
          assertThat(run)
              .as(e.getKey() + ": catch-up " + line + " covers nothing of " + s)
              .isNotEmpty();
          assertThat(run.get(0).from()).as(e.getKey() + " catch-up old").isEqualTo(line.from());
          assertThat(run.get(run.size() - 1).to())
              .as(e.getKey() + " catch-up new")
              .isEqualTo(line.to());
          t.covered += run.size();
          t.catchUpLines++;
          i = j;
        }
      }
      assertNetZero(e.getKey(), s.subList(i, s.size()));
      t.netZero += s.size() - i;
    }
    return t;
  }

  /** Changes never printed must have been undone while knm was away (a → b → a). */
  private static void assertNetZero(Key k, List<Step> skipped) {
    if (!skipped.isEmpty()) {
      assertThat(skipped.get(skipped.size() - 1).to())
          .as(k + ": changes missed " + skipped)
          .isEqualTo(skipped.get(0).from());
    }
  }
}
