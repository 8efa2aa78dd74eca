package dev.knm.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.cluster.ClusterService;
import dev.knm.cluster.ClusterStatus;
import dev.knm.cluster.ClusterView;
import dev.knm.cluster.ImportRequest;
import dev.knm.cluster.ProbeResult;
import dev.knm.cluster.kubeconfig.KubeconfigSource;
import dev.knm.crypto.EncryptionKey;
import dev.knm.error.NotFoundException;
import dev.knm.store.Store;
import dev.knm.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Recorded node events and watched cluster states, on H2 and on PostgreSQL. */
class NodeHistoryTest {
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  static final String KUBECONFIG =
      """
      apiVersion: v1
      kind: Config
      current-context: c
      clusters:
      - name: c
        cluster:
          server: https://127.0.0.1:6443
      users:
      - name: u
        user:
          token: history-token
      contexts:
      - name: c
        context:
          cluster: c
          user: u
      """;

  @TempDir Path dir;

  private Store open(String kind) {
    return Store.open(
        kind.equals("h2") ? TestStores.freshH2Url(dir) : TestStores.freshPostgresUrl());
  }

  private static ClusterService clusters(Store store, String... names) {
    ClusterService s =
        new ClusterService(
            store,
            new EncryptionKey(new byte[32]),
            (name, yaml, depth) -> new ProbeResult("v1.32.3", null, null, null, null, null),
            Clock.systemUTC());
    for (String n : names) {
      s.importClusters(
          new ImportRequest(
              n,
              new KubeconfigSource("kc", KUBECONFIG.getBytes(StandardCharsets.UTF_8), null),
              null,
              false,
              Map.of(),
              null,
              false,
              false));
    }
    return s;
  }

  static NodeEvent event(String cluster, String node, String key, String value, Instant at) {
    return new NodeEvent(
        NodeEventType.LABEL_ADDED, cluster, node, key, null, value, at, "77", false, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void appendsInOneTransactionAndListsNewestFirstThenOldestFirst(String kind) {
    try (Store store = open(kind)) {
      ClusterService clusters = clusters(store, "lab", "prod");
      NodeHistory history = new NodeHistory(store);
      NodeEvent flapping =
          new NodeEvent(
              NodeEventType.FLAPPING, "prod", "n9", "Ready", "True", "Unknown", T0, "80", true, 5);
      List<NodeEvent> batch =
          List.of(
              event("lab", "n1", "team", "a", T0.minusSeconds(30)),
              event("lab", "n2", "team", "b", T0.minusSeconds(20)),
              event("lab", "n1", "zone", "z", T0.minusSeconds(10)),
              flapping,
              event("gone", "n1", "k", "v", T0)); // a cluster not in the store: dropped

      assertThat(history.append(batch)).isEqualTo(4);

      assertThat(history.list(null, null, null, 100))
          .containsExactlyElementsOf(batch.subList(0, 4));
      assertThat(history.list("lab", "n1", null, 100)).containsExactly(batch.get(0), batch.get(2));
      assertThat(history.list("lab", null, T0.minusSeconds(20), 100))
          .containsExactly(batch.get(1), batch.get(2));
      assertThat(history.list(null, null, null, 2)).containsExactly(batch.get(2), flapping);
      assertThatThrownBy(() -> history.list("nope", null, null, 10))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("cluster 'nope' not found");

      // a removed cluster's events are not listed any more
      clusters.remove("prod", false);
      assertThat(history.list(null, null, null, 100))
          .containsExactlyElementsOf(batch.subList(0, 3));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aBurstIsRecordedInAFewTransactions(String kind) throws Exception {
    try (Store store = open(kind)) {
      clusters(store, "lab");
      NodeHistory history = new NodeHistory(store);
      NodeEventRecorder recorder =
          new NodeEventRecorder(history, Duration.ofMillis(300), 1000, 10_000);
      List<NodeEvent> burst = new ArrayList<>();
      for (int i = 0; i < 1500; i++) {
        burst.add(event("lab", "n" + (i % 7), "k" + i, "v", T0.plusMillis(i)));
      }

      burst.forEach(recorder::onEvent);
      recorder.onEvent(
          new ConnectionEvent(
              "lab", ConnectionState.CONNECTING, ConnectionState.SYNCED, null, null, 1, 1, 0, T0));
      assertThat(recorder.awaitIdle(Duration.ofSeconds(30))).isTrue();
      recorder.close();

      assertThat(recorder.written()).isEqualTo(1500);
      assertThat(recorder.transactions()).isBetween(2L, 4L); // 1,000 a transaction at most
      assertThat(recorder.dropped()).isZero();
      assertThat(history.list("lab", null, null, 5000)).containsExactlyElementsOf(burst);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void observedStatesKeepTheLastFiguresWhileUnreachable(String kind) {
    try (Store store = open(kind)) {
      ClusterService clusters = clusters(store, "lab");
      Instant heartbeat = Instant.parse("2026-11-23T09:59:00Z");

      assertThat(
              clusters.recordObserved(
                  "lab", new ProbeResult("v1.32.3", 5, 4, 9000L, 1024L, 2L), heartbeat, null))
          .isTrue();
      ClusterView seen = clusters.list(dev.knm.cluster.ClusterQuery.all()).items().get(0);
      assertThat(seen.state().status()).isEqualTo(ClusterStatus.DEGRADED);
      assertThat(seen.state().nodeCount()).isEqualTo(5);
      assertThat(seen.state().readyNodes()).isEqualTo(4);
      assertThat(seen.state().cpuMillis()).isEqualTo(9000L);
      assertThat(seen.state().lastHeartbeat()).isEqualTo(heartbeat);
      assertThat(seen.state().lastError()).isNull();

      assertThat(clusters.recordObserved("lab", null, null, "connection refused")).isTrue();
      ClusterView down = clusters.list(dev.knm.cluster.ClusterQuery.all()).items().get(0);
      assertThat(down.state().status()).isEqualTo(ClusterStatus.UNREACHABLE);
      assertThat(down.state().lastError()).isEqualTo("connection refused");
      assertThat(down.state().nodeCount()).isEqualTo(5);
      assertThat(down.state().lastHeartbeat()).isEqualTo(heartbeat);

      assertThat(clusters.recordObserved("nope", null, null, "x")).isFalse();
    }
  }
}
