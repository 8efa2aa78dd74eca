package dev.knm.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.kube.transport.CallObserver;
import dev.knm.watch.ConnectionEvent;
import dev.knm.watch.ConnectionState;
import dev.knm.watch.NodeEvent;
import dev.knm.watch.NodeEventType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FleetMetricsTest {
  private final FakeWatchedClusters watched = new FakeWatchedClusters();
  private final FleetMetrics metrics = new FleetMetrics("knm-0", watched, () -> false);

  private String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.write(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void apiCallsGiveLatencyByClusterAndVerbAndErrorsByReason() throws Exception {
    metrics.apiCall("prod", "get", Duration.ofMillis(30), 200);
    metrics.apiCall("prod", "get", Duration.ofMillis(70), 503);
    metrics.apiCall("prod", "watch", Duration.ofSeconds(31), CallObserver.TIMED_OUT);
    metrics.apiCall("lab", "get", Duration.ofMillis(3), CallObserver.IO_ERROR);

    assertThat(scrape())
        .contains("knm_kube_api_request_duration_seconds_count{cluster=\"prod\",verb=\"get\"} 2")
        .contains(
            "knm_kube_api_request_duration_seconds_bucket{cluster=\"prod\",verb=\"get\",le=\"0.05\"} 1")
        .contains(
            "knm_kube_api_request_duration_seconds_bucket{cluster=\"prod\",verb=\"watch\",le=\"30.0\"} 0")
        .contains("knm_kube_api_errors_total{cluster=\"prod\",reason=\"503\"} 1.0")
        .contains("knm_kube_api_errors_total{cluster=\"prod\",reason=\"timeout\"} 1.0")
        .contains("knm_kube_api_errors_total{cluster=\"lab\",reason=\"io\"} 1.0")
        .contains("knm_ready 0.0");
  }

  @Test
  void watchEventsCountNodeChangesAndRecoveries() throws Exception {
    WatchEventMetrics listener = new WatchEventMetrics(metrics);
    Instant now = Instant.now();
    listener.onEvent(
        new NodeEvent(
            NodeEventType.CORDONED,
            "prod",
            "n1",
            "unschedulable",
            "false",
            "true",
            now,
            "5",
            false,
            null));
    listener.onEvent(
        new NodeEvent(
            NodeEventType.CORDONED,
            "prod",
            "n2",
            "unschedulable",
            "false",
            "true",
            now,
            "6",
            false,
            null));
    listener.onEvent(
        new ConnectionEvent(
            "prod",
            ConnectionState.SYNCED,
            ConnectionState.RECONNECTING,
            "connection refused",
            Duration.ofSeconds(1),
            0,
            0,
            0,
            now));
    listener.onEvent(
        new ConnectionEvent(
            "prod",
            ConnectionState.RECONNECTING,
            ConnectionState.SYNCED,
            null,
            null,
            2,
            2,
            1,
            now));

    assertThat(scrape())
        .contains("knm_node_changes_total{change=\"cordoned\",cluster=\"prod\"} 2.0")
        .contains("knm_watch_reconnects_total{cluster=\"prod\"} 1.0");
  }
}
