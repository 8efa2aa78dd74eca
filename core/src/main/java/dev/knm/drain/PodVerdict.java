package dev.knm.drain;

import dev.knm.kube.model.Pod;

/**
 * What kubectl drain's filters decided for one pod (its PodDeleteStatus): whether to evict it, and
 * why not or with what warning.
 */
public record PodVerdict(Pod pod, boolean delete, Kind kind, String message) {
  /** kubectl's Okay, Skip, Warning and Error. */
  public enum Kind {
    OKAY,
    SKIP,
    WARNING,
    ERROR
  }

  static PodVerdict okay(Pod pod) {
    return new PodVerdict(pod, true, Kind.OKAY, null);
  }

  static PodVerdict skip(Pod pod) {
    return new PodVerdict(pod, false, Kind.SKIP, null);
  }

  static PodVerdict warning(Pod pod, boolean delete, String message) {
    return new PodVerdict(pod, delete, Kind.WARNING, message);
  }

  static PodVerdict error(Pod pod, String message) {
    return new PodVerdict(pod, false, Kind.ERROR, message);
  }
}
