package dev.knm.kube.model;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * A PodDisruptionBudget (policy/v1), what drain needs of it: which pods it covers and how many
 * disruptions it allows now. {@code selector} null selects no pod (policy/v1: an empty selector
 * selects every pod of the namespace). Status counts are null until the controller filled them.
 */
public record Pdb(
    String namespace,
    String name,
    LabelSelector selector,
    String minAvailable,
    String maxUnavailable,
    Integer currentHealthy,
    Integer desiredHealthy,
    Integer disruptionsAllowed,
    Integer expectedPods) {

  /** namespace/name. */
  public String key() {
    return namespace + "/" + name;
  }

  /** Whether this budget covers {@code pod}: same namespace and its selector matches. */
  public boolean covers(Pod pod) {
    return selector != null
        && namespace != null
        && namespace.equals(pod.namespace())
        && selector.matches(pod.labels());
  }

  public int allowed() {
    return disruptionsAllowed == null ? 0 : disruptionsAllowed;
  }

  /** Streams one PDB (the parser on its START_OBJECT, left on its END_OBJECT). */
  public static Pdb decode(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String ns = null;
    String name = null;
    LabelSelector selector = null;
    String min = null;
    String max = null;
    Integer current = null;
    Integer desired = null;
    Integer allowed = null;
    Integer expected = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "metadata" -> {
          if (JsonValues.object(p)) {
            for (String m = JsonValues.nextField(p); m != null; m = JsonValues.nextField(p)) {
              switch (m) {
                case "namespace" -> ns = JsonValues.string(p);
                case "name" -> name = JsonValues.string(p);
                default -> p.skipChildren();
              }
            }
          }
        }
        case "spec" -> {
          if (JsonValues.object(p)) {
            for (String s = JsonValues.nextField(p); s != null; s = JsonValues.nextField(p)) {
              switch (s) {
                case "selector" -> selector = LabelSelector.decode(p);
                case "minAvailable" -> min = JsonValues.string(p);
                case "maxUnavailable" -> max = JsonValues.string(p);
                default -> p.skipChildren();
              }
            }
          }
        }
        case "status" -> {
          if (JsonValues.object(p)) {
            for (String s = JsonValues.nextField(p); s != null; s = JsonValues.nextField(p)) {
              switch (s) {
                case "currentHealthy" -> current = JsonValues.integer(p);
                case "desiredHealthy" -> desired = JsonValues.integer(p);
                case "disruptionsAllowed" -> allowed = JsonValues.integer(p);
                case "expectedPods" -> expected = JsonValues.integer(p);
                default -> p.skipChildren();
              }
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    return new Pdb(ns, name, selector, min, max, current, desired, allowed, expected);
  }
}
