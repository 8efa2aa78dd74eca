package dev.knm.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.knm.kube.transport.ClientPool;
import dev.knm.kube.transport.KubeClientFactory;
import dev.knm.kube.transport.ReadRetryPolicy;
import dev.knm.kube.transport.TimeoutCounter;
import dev.knm.kube.transport.TimeoutTier;
import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Scenario;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine against the sandbox: changes, heartbeats, outages, the API fleet mode needs. */
class WatchEngineTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  private final ClientPool pool = new ClientPool(Duration.ofMinutes(30));
  private WatchEngine engine;

  static KubeClientFactory factory() {
    return new KubeClientFactory(
        ReadRetryPolicy.withBaseDelay(Duration.ofMillis(10)), TimeoutCounter.counting());
  }

  static WatchTarget target(String name, Sandbox sb) {
    return new WatchTarget(name, sb.kubeconfigYaml(), TimeoutTier.SMALL);
  }

  private WatchEngine engine(WatchOptions options) {
    engine = new WatchEngine(options, pool, factory(), Clock.systemUTC());
    return engine;
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    pool.close();
  }

  @Test
  void reportsEachSignificantChangeOnceAndNoHeartbeat() throws Exception {
    try (Sandbox sb = Sandbox.start(SandboxOptions.builder().nodes(3).pods(0).build())) {
      // given a synced watch of a 3-node cluster
      WatchEngine e = engine(WatchOptions.defaults());
      Collector c = new Collector();
      e.subscribe(c);
      e.start(target("lab", sb));
      assertThat(e.awaitSynced(WAIT)).isTrue();
      ClusterSnapshot s = e.snapshot("lab").orElseThrow();
      assertThat(s.state()).isEqualTo(ConnectionState.SYNCED);
      assertThat(s.nodeCount()).isEqualTo(3);
      assertThat(s.ready()).isEqualTo(3);
      assertThat(s.kubernetesVersion()).startsWith("v1.");
      String n0 = Scenario.nodeName(0);
      String n1 = Scenario.nodeName(1);
      String n2 = Scenario.nodeName(2);

      // when labels, a heartbeat, a cordon, a taint, Ready, a deletion and a new node happen
      sb.labelNode(n1, "team", "a");
      long before = sb.store().resourceVersion();
      sb.store()
          .mutate(
              ResourceType.NODE,
              null,
              n0,
              n -> {
                for (var cond : n.path("status").path("conditions")) {
                  ((ObjectNode) cond).put("lastHeartbeatTime", "2030-01-01T00:00:00Z");
                }
                return n;
              }); // a heartbeat-only status update
      assertThat(sb.store().resourceVersion()).isGreaterThan(before);
      sb.labelNode(n1, "team", "b");
      sb.store()
          .mutate(
              ResourceType.NODE,
              null,
              n0,
              n -> {
                ((ObjectNode) n.get("spec")).put("unschedulable", true);
                return n;
              });
      sb.taintNode(n1, "dedicated", "gpu", "NoSchedule");
      sb.setNodeReady(n2, false);
      sb.store().delete(ResourceType.NODE, null, n2, null);
      sb.store().create(ResourceType.NODE, sb.scenario().node(7, 0, false, Instant.now()));
      String n7 = Scenario.nodeName(7);
      c.await(x -> x instanceof NodeEvent n && n.node().equals(n7), WAIT);

      // then exactly these changes, in order, and none for the heartbeat
      assertThat(c.nodeEvents().stream().map(Collector::brief))
          .containsExactly(
              n1 + " label-added team null->a",
              n1 + " label-changed team a->b",
              n0 + " cordoned unschedulable false->true",
              n1 + " taint-added dedicated:NoSchedule null->gpu",
              n2 + " condition Ready True->Unknown",
              n2 + " removed Unknown->null",
              n7 + " added null->Ready");
      assertThat(c.nodeEvents())
          .allMatch(x -> x.cluster().equals("lab") && !x.catchUp() && x.resourceVersion() != null);
      ClusterSnapshot after = e.snapshot("lab").orElseThrow();
      assertThat(after.nodes()).extracting(n -> n.name()).containsExactly(n0, n1, n7);
      assertThat(after.cordoned()).isEqualTo(1);
    }
  }

  @Test
  void anOutageIsReportedThenCaughtUpAfterTheServerComesBack() throws Exception {
    try (Sandbox sb = Sandbox.start(SandboxOptions.builder().nodes(3).pods(0).build())) {
      // given a synced watch
      WatchEngine e =
          engine(
              WatchOptions.defaults().withBackoff(Duration.ofMillis(100), Duration.ofMillis(400)));
      Collector c = new Collector();
      e.subscribe(c);
      e.start(target("lab", sb));
      assertThat(e.awaitSynced(WAIT)).isTrue();
      sb.labelNode(Scenario.nodeName(0), "before", "outage");
      c.await(x -> x instanceof NodeEvent n && "before".equals(n.field()), WAIT);

      // when the API server goes down (etcd goes on: a change is made and the history compacted)
      sb.stopServing();
      c.await(
          x ->
              x instanceof ConnectionEvent ce
                  && ce.to() == ConnectionState.RECONNECTING
                  && ce.error().equals("GET /api/v1/nodes (watch) failed: connection refused")
                  && ce.retryIn() != null,
          WAIT);
      assertThat(e.snapshot("lab").orElseThrow().nodeCount()).isEqualTo(3); // cache kept
      assertThat(e.snapshot("lab").orElseThrow().state()).isEqualTo(ConnectionState.RECONNECTING);
      sb.labelNode(Scenario.nodeName(0), "before", null);
      sb.labelNode(Scenario.nodeName(2), "after", "outage");
      sb.store().compact();

      // and comes back
      sb.startServing();

      // then it syncs again (410: a new list) and reports the difference as catch-up changes
      ConnectionEvent up =
          (ConnectionEvent)
              c.await(
                  x ->
                      x instanceof ConnectionEvent ce
                          && ce.to() == ConnectionState.SYNCED
                          && ce.from() == ConnectionState.RECONNECTING,
                  WAIT);
      assertThat(up.catchUp()).isEqualTo(2);
      List<String> catchUp =
          c.nodeEvents().stream().filter(NodeEvent::catchUp).map(Collector::brief).toList();
      assertThat(catchUp)
          .containsExactly(
              Scenario.nodeName(0) + " label-removed before outage->null (catch-up)",
              Scenario.nodeName(2) + " label-added after null->outage (catch-up)");
      assertThat(e.snapshot("lab").orElseThrow().lastError()).isNull();
    }
  }

  @Test
  void startStopRestartAndSnapshotsForFleetMode() throws Exception {
    try (Sandbox a = Sandbox.start(SandboxOptions.builder().nodes(2).pods(0).build());
        Sandbox b = Sandbox.start(SandboxOptions.builder().nodes(4).pods(0).seed(7).build())) {
      WatchEngine e = engine(WatchOptions.defaults());
      Collector c = new Collector();
      e.subscribe(c);
      assertThat(e.synced()).isTrue(); // nothing to wait for
      e.start(target("a", a));
      e.start(target("b", b));
      assertThat(e.awaitSynced(WAIT)).isTrue();
      assertThat(e.clusters()).containsExactly("a", "b");
      assertThat(e.snapshots()).extracting(ClusterSnapshot::nodeCount).containsExactly(2, 4);
      assertThat(e.snapshot("nope")).isEmpty();

      // stop one: gone from the engine, a STOPPED event; the other goes on
      assertThat(e.stop("a")).isTrue();
      assertThat(e.stop("a")).isFalse();
      assertThat(e.clusters()).containsExactly("b");
      c.await(
          x ->
              x instanceof ConnectionEvent ce
                  && ce.cluster().equals("a")
                  && ce.to() == ConnectionState.STOPPED,
          WAIT);
      b.labelNode(Scenario.nodeName(1), "k", "v");
      c.await(x -> x instanceof NodeEvent n && n.cluster().equals("b"), WAIT);

      // restart (a reload) lists afresh and reports nothing for the first list
      int before = c.nodeEvents().size();
      e.restart(target("b", b));
      assertThat(e.awaitSynced(WAIT)).isTrue();
      assertThat(e.snapshot("b").orElseThrow().nodeCount()).isEqualTo(4);
      assertThat(c.nodeEvents()).hasSize(before);
    }
  }

  @Test
  void anUnusableKubeconfigFailsThatClusterOnly() throws Exception {
    try (Sandbox sb = Sandbox.start(SandboxOptions.builder().nodes(1).pods(0).build())) {
      WatchEngine e = engine(WatchOptions.defaults());
      Collector c = new Collector();
      e.subscribe(c);
      e.start(new WatchTarget("broken", "not: a kubeconfig", TimeoutTier.SMALL));
      e.start(target("ok", sb));
      assertThat(e.awaitSynced(WAIT)).isTrue();
      ConnectionEvent failed =
          (ConnectionEvent)
              c.await(
                  x -> x instanceof ConnectionEvent ce && ce.to() == ConnectionState.FAILED, WAIT);
      assertThat(failed.cluster()).isEqualTo("broken");
      assertThat(failed.error()).isEqualTo("its stored kubeconfig cannot be read; import it again");
      assertThat(e.synced()).isFalse();
      assertThat(e.snapshot("ok").orElseThrow().state()).isEqualTo(ConnectionState.SYNCED);
    }
  }
}
