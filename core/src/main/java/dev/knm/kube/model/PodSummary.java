package dev.knm.kube.model;

import java.util.List;
import java.util.Map;

/**
 * A lean projection of a Pod: what tables, usage sums and drain planning need, nothing else (no
 * managedFields, env, volumes...). Streamed from the list JSON by {@link PodSummaryDecoder}.
 */
public record PodSummary(Meta metadata, Spec spec, Status status) {

  public record Meta(
      String namespace,
      String name,
      String creationTimestamp,
      String deletionTimestamp,
      Map<String, String> labels,
      List<Owner> ownerReferences) {}

  public record Owner(String kind, String name, Boolean controller) {}

  public record Spec(
      String nodeName,
      List<Container> containers,
      List<Container> initContainers,
      Map<String, String> overhead) {}

  public record Container(String name, Resources resources) {}

  public record Resources(Map<String, String> requests, Map<String, String> limits) {}

  public record Status(String phase, String podIP, List<ContainerStatus> containerStatuses) {}

  public record ContainerStatus(String name, Boolean ready, Integer restartCount) {}

  public String namespace() {
    return metadata == null ? null : metadata.namespace();
  }

  public String name() {
    return metadata == null ? null : metadata.name();
  }

  /** namespace/name: the order the API server lists in. */
  public String key() {
    return namespace() + "/" + name();
  }

  public String nodeName() {
    return spec == null ? null : spec.nodeName();
  }

  public String phase() {
    return status == null ? null : status.phase();
  }

  /**
   * The pod's effective request for {@code resource} in base units ×{@code scale}: max(sum of
   * containers, largest init container) + overhead, as the scheduler counts it. {@code cpu=true}
   * gives millicores.
   */
  public long request(String resource, boolean cpu) {
    if (spec == null) {
      return 0;
    }
    long sum = 0;
    if (spec.containers() != null) {
      for (Container c : spec.containers()) {
        sum += one(c, resource, cpu);
      }
    }
    if (spec.initContainers() != null) {
      for (Container c : spec.initContainers()) {
        sum = Math.max(sum, one(c, resource, cpu));
      }
    }
    if (spec.overhead() != null) {
      sum += value(spec.overhead().get(resource), cpu);
    }
    return sum;
  }

  private static long one(Container c, String resource, boolean cpu) {
    if (c == null || c.resources() == null || c.resources().requests() == null) {
      return 0;
    }
    return value(c.resources().requests().get(resource), cpu);
  }

  private static long value(String q, boolean cpu) {
    return cpu ? Quantity.cpuMillisOrZero(q) : Quantity.wholeOrZero(q);
  }
}
