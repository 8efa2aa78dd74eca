package dev.knm.fleet;

import dev.knm.kube.transport.CallObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Serve mode's metrics, in a registry of its own (nothing global), written in the Prometheus text
 * format by the Prometheus Java client. Labels carry cluster names, actions and reasons: never a
 * token or any other secret.
 */
public final class FleetMetrics {
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private final Counter reloads =
      Counter.builder()
          .name("knm_reloads_total")
          .help("Cluster reloads by trigger (http, notify, poll) and what was done")
          .labelNames("trigger", "action")
          .register(registry);
  private final Counter rejected =
      Counter.builder()
          .name("knm_api_requests_rejected_total")
          .help("API and internal requests refused, by reason")
          .labelNames("reason")
          .register(registry);
  private final Counter storeChanges =
      Counter.builder()
          .name("knm_store_changes_total")
          .help("Cluster changes learned from the store, by source (notify, poll)")
          .labelNames("source")
          .register(registry);
  private final Counter nodeChanges =
      Counter.builder()
          .name("knm_node_changes_total")
          .help("Significant node changes seen, by cluster and kind of change")
          .labelNames("cluster", "change")
          .register(registry);
  private final Counter reconnects =
      Counter.builder()
          .name("knm_watch_reconnects_total")
          .help(
              "Informers back in sync after a reconnecting state, by cluster (a dropped watch resumed at once is not counted)")
          .labelNames("cluster")
          .register(registry);
  private final Histogram apiLatency =
      Histogram.builder()
          .name("knm_kube_api_request_duration_seconds")
          .help("Kubernetes API call latency, by cluster and verb")
          .labelNames("cluster", "verb")
          .classicOnly()
          .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
          .register(registry);
  private final Counter apiErrors =
      Counter.builder()
          .name("knm_kube_api_errors_total")
          .help(
              "Kubernetes API calls that failed, by cluster and reason (HTTP status, io, timeout)")
          .labelNames("cluster", "reason")
          .register(registry);

  /**
   * @param instance this instance's identity (knm_instance_info)
   * @param watched read at each scrape for the cluster and node gauges
   * @param ready read at each scrape for knm_ready
   */
  public FleetMetrics(String instance, WatchedClusters watched, Supplier<Boolean> ready) {
    GaugeWithCallback.builder()
        .name("knm_instance_info")
        .help("This knm instance (always 1)")
        .labelNames("instance")
        .callback(cb -> cb.call(1, instance))
        .register(registry);
    GaugeWithCallback.builder()
        .name("knm_ready")
        .help("1 when every informer has synced and the instance is not shutting down")
        .callback(cb -> cb.call(ready.get() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("knm_watched_clusters")
        .help("Clusters watched by this instance")
        .callback(cb -> cb.call(watched.clusters().size()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("knm_watched_cluster_synced")
        .help("1 when the cluster's informer has synced")
        .labelNames("cluster", "state")
        .callback(
            cb -> watched.clusters().forEach(c -> cb.call(c.synced() ? 1 : 0, c.name(), c.state())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("knm_watched_nodes")
        .help("Nodes in the informer cache, by cluster")
        .labelNames("cluster")
        .callback(cb -> watched.clusters().forEach(c -> cb.call(c.nodes(), c.name())))
        .register(registry);
  }

  public void reload(String trigger, String action) {
    reloads.labelValues(trigger, action).inc();
  }

  public void rejected(String reason) {
    rejected.labelValues(reason).inc();
  }

  public void storeChange(String source) {
    storeChanges.labelValues(source).inc();
  }

  public void nodeChange(String cluster, String change) {
    nodeChanges.labelValues(cluster, change).inc();
  }

  public void reconnect(String cluster) {
    reconnects.labelValues(cluster).inc();
  }

  /**
   * One Kubernetes API call (a {@link CallObserver}): its latency, and an error unless it got a 2xx
   * or 3xx answer (reason: the status, {@code io} or {@code timeout}).
   */
  public void apiCall(String cluster, String verb, Duration took, int status) {
    apiLatency.labelValues(cluster, verb).observe(took.toNanos() / 1e9);
    if (status < 200 || status >= 400) {
      String reason =
          status == CallObserver.IO_ERROR
              ? "io"
              : status == CallObserver.TIMED_OUT ? "timeout" : String.valueOf(status);
      apiErrors.labelValues(cluster, reason).inc();
    }
  }

  /** Writes every metric in the Prometheus text format (version 0.0.4). */
  public void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }
}
