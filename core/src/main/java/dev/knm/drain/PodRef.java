package dev.knm.drain;

import dev.knm.kube.model.Pod;

/** A pod as drain names it: namespace, name, and the uid that tells it from a replacement. */
public record PodRef(String namespace, String name, String uid) {
  public static PodRef of(Pod p) {
    return new PodRef(p.namespace(), p.name(), p.uid());
  }

  /** namespace/name. */
  public String key() {
    return namespace + "/" + name;
  }

  @Override
  public String toString() {
    return key();
  }
}
