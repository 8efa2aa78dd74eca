package dev.knm.kube.model;

import java.util.List;
import java.util.Map;

/**
 * knm's one pod model: a lean projection of a Pod with what pod tables (READY, STATUS, RESTARTS,
 * AGE, IP, NODE), usage sums and drain need, nothing else (no managedFields, env, probes...).
 * Streamed from the list JSON by {@link PodDecoder}; kubectl's READY/STATUS/RESTARTS rules are in
 * {@link PodPrintStatus}. Missing or null fields are null. Of the annotations only those knm reads
 * are kept ({@link #KEPT_ANNOTATIONS}): others can be large and nothing uses them.
 */
public record Pod(Meta metadata, Spec spec, Status status) {
  /** Set by the kubelet on the API server's copy of a static pod (kubectl: mirror pods). */
  public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  /** The annotations {@link PodDecoder} keeps. */
  public static final List<String> KEPT_ANNOTATIONS = List.of(MIRROR_ANNOTATION);

  public record Meta(
      String namespace,
      String name,
      String uid,
      String creationTimestamp,
      String deletionTimestamp,
      Map<String, String> labels,
      Map<String, String> annotations,
      List<Owner> ownerReferences) {}

  public record Owner(
      String apiVersion, String kind, String name, String uid, Boolean controller) {}

  public record Spec(
      String nodeName,
      List<Container> containers,
      List<Container> initContainers,
      Map<String, String> overhead,
      List<Volume> volumes,
      Long terminationGracePeriodSeconds) {}

  public record Container(String name, Resources resources) {}

  public record Resources(Map<String, String> requests, Map<String, String> limits) {}

  /** A volume; {@code emptyDir} is non-null for an emptyDir volume (even {@code {}}). */
  public record Volume(String name, EmptyDir emptyDir) {}

  public record EmptyDir(String medium, String sizeLimit) {}

  public record Status(
      String phase,
      String reason,
      String podIP,
      List<Condition> conditions,
      List<ContainerStatus> initContainerStatuses,
      List<ContainerStatus> containerStatuses) {}

  public record Condition(String type, String status) {}

  public record ContainerStatus(
      String name, Boolean ready, Integer restartCount, State state, State lastState) {}

  public record State(Waiting waiting, Running running, Terminated terminated) {}

  public record Waiting(String reason) {}

  public record Running(String startedAt) {}

  public record Terminated(String reason, Integer exitCode, Integer signal, String finishedAt) {}

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

  public String uid() {
    return metadata == null ? null : metadata.uid();
  }

  public String creationTimestamp() {
    return metadata == null ? null : metadata.creationTimestamp();
  }

  public String deletionTimestamp() {
    return metadata == null ? null : metadata.deletionTimestamp();
  }

  /** True once the pod is being deleted (it has a deletionTimestamp). */
  public boolean deleting() {
    String d = deletionTimestamp();
    return d != null && !d.isEmpty();
  }

  public Map<String, String> labels() {
    return metadata == null || metadata.labels() == null ? Map.of() : metadata.labels();
  }

  /** A mirror pod: the API server's copy of a kubelet's static pod (cannot be deleted there). */
  public boolean mirror() {
    return metadata != null
        && metadata.annotations() != null
        && metadata.annotations().containsKey(MIRROR_ANNOTATION);
  }

  /**
   * The owner reference marked as controller, as metav1.GetControllerOf finds it (the first with
   * {@code controller: true}); null when none is.
   */
  public Owner controller() {
    if (metadata == null || metadata.ownerReferences() == null) {
      return null;
    }
    for (Owner o : metadata.ownerReferences()) {
      if (o != null && Boolean.TRUE.equals(o.controller())) {
        return o;
      }
    }
    return null;
  }

  /** True when a volume of the pod is an emptyDir (kubectl drain: "local storage"). */
  public boolean hasEmptyDir() {
    if (spec == null || spec.volumes() == null) {
      return false;
    }
    for (Volume v : spec.volumes()) {
      if (v != null && v.emptyDir() != null) {
        return true;
      }
    }
    return false;
  }

  public String nodeName() {
    return spec == null ? null : spec.nodeName();
  }

  public String podIP() {
    return status == null ? null : status.podIP();
  }

  public String phase() {
    return status == null ? null : status.phase();
  }

  /** Succeeded or Failed: the pod's containers will not run again. */
  public boolean finished() {
    String p = phase();
    return "Succeeded".equals(p) || "Failed".equals(p);
  }

  /**
   * The pod's effective request for {@code resource} in base units: max(sum of containers, largest
   * init container) + overhead, as the scheduler counts it. {@code cpu=true} gives millicores.
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
