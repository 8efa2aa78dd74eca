package dev.knm.drain;

import dev.knm.error.UsageException;
import java.time.Duration;

/**
 * How to drain, with kubectl drain's flags and meanings plus knm's own.
 *
 * @param ignoreDaemonSets kubectl --ignore-daemonsets
 * @param deleteEmptyDirData kubectl --delete-emptydir-data
 * @param force kubectl --force: pods without a controller, and orphaned DaemonSet pods
 * @param disableEviction kubectl --disable-eviction: DELETE instead of evicting (no PDB check)
 * @param gracePeriodSeconds kubectl --grace-period; negative: each pod's own
 * @param timeout kubectl --timeout, per node; zero: none
 * @param podSelector kubectl --pod-selector (a label selector), or null
 * @param skipWaitForDeleteTimeoutSeconds kubectl --skip-wait-for-delete-timeout; 0: off
 * @param chunkSize kubectl --chunk-size, pods per list request; 0: all in one
 * @param dryRun kubectl --dry-run=client: plan only, change nothing
 * @param evictionConcurrency evictions in flight per node at most
 * @param maxConcurrentNodes nodes drained at the same time
 * @param deadline one bound on the whole command; zero: none
 * @param evictRetryDelay the wait after a 429 that names no Retry-After (kubectl: 5 s)
 */
public record DrainOptions(
    boolean ignoreDaemonSets,
    boolean deleteEmptyDirData,
    boolean force,
    boolean disableEviction,
    int gracePeriodSeconds,
    Duration timeout,
    String podSelector,
    int skipWaitForDeleteTimeoutSeconds,
    int chunkSize,
    boolean dryRun,
    int evictionConcurrency,
    int maxConcurrentNodes,
    Duration deadline,
    Duration evictRetryDelay) {

  public static final int DEFAULT_EVICTION_CONCURRENCY = 20;
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(5);

  public DrainOptions {
    if (timeout == null || timeout.isNegative()) {
      throw new UsageException("--timeout must not be negative");
    }
    if (deadline == null || deadline.isNegative()) {
      throw new UsageException("--deadline must not be negative");
    }
    if (chunkSize < 0) {
      throw new UsageException("--chunk-size must not be negative");
    }
    if (skipWaitForDeleteTimeoutSeconds < 0) {
      throw new UsageException("--skip-wait-for-delete-timeout must not be negative");
    }
    if (evictionConcurrency < 1) {
      throw new UsageException("--eviction-concurrency must be at least 1");
    }
    if (maxConcurrentNodes < 1) {
      throw new UsageException("--max-concurrent-nodes must be at least 1");
    }
    if (evictRetryDelay == null || evictRetryDelay.isNegative()) {
      evictRetryDelay = DEFAULT_RETRY_DELAY;
    }
    if (podSelector != null && podSelector.isBlank()) {
      podSelector = null;
    }
  }

  /** kubectl drain's defaults: nothing allowed, no timeout, each pod's own grace period. */
  public static DrainOptions defaults() {
    return new DrainOptions(
        false,
        false,
        false,
        false,
        -1,
        Duration.ZERO,
        null,
        0,
        500,
        false,
        DEFAULT_EVICTION_CONCURRENCY,
        1,
        Duration.ZERO,
        DEFAULT_RETRY_DELAY);
  }
}
