package dev.knm.drain;

import dev.knm.kube.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * kubectl drain's pod filters (k8s.io/kubectl/pkg/drain/filters.go), in its order and with its
 * messages: pods already being deleted for longer than --skip-wait-for-delete-timeout (skipped),
 * DaemonSet pods (an error unless --ignore-daemonsets; an orphaned one is evicted with --force),
 * mirror pods (skipped), pods with emptyDir (an error unless --delete-emptydir-data), pods without
 * a controller (an error unless --force). Succeeded and Failed pods pass the DaemonSet, emptyDir
 * and controller filters. The first filter that does not delete decides; among the ones that do,
 * the last warning is kept (kubectl's "only the last filter's message will be retained").
 */
public final class DrainFilters {
  static final String DAEMON_SET_FATAL =
      "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
  static final String DAEMON_SET_WARNING = "ignoring DaemonSet-managed Pods";
  static final String LOCAL_STORAGE_FATAL =
      "Pods with local storage (use --delete-emptydir-data to override)";
  static final String LOCAL_STORAGE_WARNING = "deleting Pods with local storage";
  static final String UNMANAGED_FATAL = "Pods that declare no controller (use --force to override)";
  static final String UNMANAGED_WARNING = "deleting Pods that declare no controller";

  private final DrainOptions options;
  private final DaemonSets daemonSets;
  private final Clock clock;

  public DrainFilters(DrainOptions options, DaemonSets daemonSets, Clock clock) {
    this.options = options;
    this.daemonSets = daemonSets;
    this.clock = clock;
  }

  public PodVerdict judge(Pod pod) {
    PodVerdict last = null;
    for (Filter f :
        List.<Filter>of(
            this::skipDeleted,
            this::daemonSet,
            DrainFilters::mirror,
            this::localStorage,
            this::unreplicated)) {
      last = f.apply(pod);
      if (!last.delete()) {
        return last;
      }
    }
    return last;
  }

  private interface Filter {
    PodVerdict apply(Pod pod);
  }

  /**
   * kubectl's shouldSkipPod: --skip-wait-for-delete-timeout set and the deletionTimestamp more than
   * that many whole seconds ago.
   */
  static boolean deletedLongerThan(Pod pod, int seconds, Instant now) {
    if (seconds <= 0 || !pod.deleting()) {
      return false;
    }
    try {
      Instant deleted = Instant.parse(pod.deletionTimestamp());
      return Duration.between(deleted, now).getSeconds() > seconds;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private PodVerdict skipDeleted(Pod pod) {
    return deletedLongerThan(pod, options.skipWaitForDeleteTimeoutSeconds(), clock.instant())
        ? PodVerdict.skip(pod)
        : PodVerdict.okay(pod);
  }

  private PodVerdict daemonSet(Pod pod) {
    Pod.Owner c = pod.controller();
    // kubectl's isControllerRefDaemonSet: kind and apiVersion both
    if (c == null || !"DaemonSet".equals(c.kind()) || !"apps/v1".equals(c.apiVersion())) {
      return PodVerdict.okay(pod);
    }
    if (pod.finished()) {
      return PodVerdict.okay(pod);
    }
    DaemonSets.Lookup found = daemonSets.find(pod.namespace(), c.name());
    if (found.error() != null) {
      if (found.notFound() && options.force()) {
        return PodVerdict.warning(pod, true, found.error());
      }
      return PodVerdict.error(pod, found.error());
    }
    if (!options.ignoreDaemonSets()) {
      return PodVerdict.error(pod, DAEMON_SET_FATAL);
    }
    return PodVerdict.warning(pod, false, DAEMON_SET_WARNING);
  }

  private static PodVerdict mirror(Pod pod) {
    return pod.mirror() ? PodVerdict.skip(pod) : PodVerdict.okay(pod);
  }

  private PodVerdict localStorage(Pod pod) {
    if (!pod.hasEmptyDir() || pod.finished()) {
      return PodVerdict.okay(pod);
    }
    if (!options.deleteEmptyDirData()) {
      return PodVerdict.error(pod, LOCAL_STORAGE_FATAL);
    }
    return PodVerdict.warning(pod, true, LOCAL_STORAGE_WARNING);
  }

  private PodVerdict unreplicated(Pod pod) {
    if (pod.finished() || pod.controller() != null) {
      return PodVerdict.okay(pod);
    }
    if (options.force()) {
      return PodVerdict.warning(pod, true, UNMANAGED_WARNING);
    }
    return PodVerdict.error(pod, UNMANAGED_FATAL);
  }
}
