package dev.knm.watch;

import dev.knm.cluster.ClusterService;
import dev.knm.cluster.ProbeResult;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While a watch runs, writes every watched cluster's state to the store (cluster_states) on an
 * interval, from the informers' caches (no API call): node and Ready counts, allocatable CPU,
 * memory and GPU totals, the server version, the last contact as heartbeat, and the last error
 * while reconnecting. So `knm list` stays fresh for everyone sharing the store. A cluster that has
 * never listed is skipped until it has (or has failed).
 */
public final class ClusterHealthWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterHealthWorker.class);

  private final WatchEngine engine;
  private final ClusterService clusters;
  private final ScheduledExecutorService timer;

  public ClusterHealthWorker(WatchEngine engine, ClusterService clusters, Duration interval) {
    this.engine = engine;
    this.clusters = clusters;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "knm-watch-health");
              t.setDaemon(true);
              return t;
            });
    long every = interval.toMillis();
    timer.scheduleWithFixedDelay(this::writeAll, every, every, TimeUnit.MILLISECONDS);
  }

  /** Writes every cluster's state now; returns how many were written. */
  public synchronized int writeAll() {
    int n = 0;
    for (ClusterSnapshot s : engine.snapshots()) {
      try {
        if (write(s)) {
          n++;
        }
      } catch (RuntimeException e) {
        LOG.warn("cluster {}: recording its state failed: {}", s.cluster(), e.getMessage());
      }
    }
    return n;
  }

  private boolean write(ClusterSnapshot s) {
    boolean failing =
        s.state() == ConnectionState.RECONNECTING || s.state() == ConnectionState.FAILED;
    if (failing && s.lastError() != null) {
      return clusters.recordObserved(s.cluster(), null, null, s.lastError());
    }
    if (!s.synced() || s.state() != ConnectionState.SYNCED) {
      return false;
    }
    ProbeResult seen =
        new ProbeResult(
            s.kubernetesVersion(),
            s.nodeCount(),
            s.ready(),
            s.cpuMillis(),
            s.memoryBytes(),
            s.gpus());
    return clusters.recordObserved(s.cluster(), seen, s.lastContact(), null);
  }

  /** Stops the timer and writes once more (the final state). */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeAll();
  }
}
