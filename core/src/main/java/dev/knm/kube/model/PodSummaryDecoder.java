package dev.knm.kube.model;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Streams a Pod's JSON into a {@link PodSummary}: the fields the record has, everything else
 * (managedFields, annotations, env, volumes...) skipped unread. Same values as binding the record
 * with Jackson databind: missing or null fields are null, unknown fields are ignored.
 */
public final class PodSummaryDecoder {
  private PodSummaryDecoder() {}

  /** The parser is on the pod's START_OBJECT (or null) and is left on its END_OBJECT. */
  public static PodSummary pod(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    PodSummary.Meta meta = null;
    PodSummary.Spec spec = null;
    PodSummary.Status status = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "metadata" -> meta = meta(p);
        case "spec" -> spec = spec(p);
        case "status" -> status = status(p);
        default -> p.skipChildren();
      }
    }
    return new PodSummary(meta, spec, status);
  }

  private static PodSummary.Meta meta(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String namespace = null;
    String name = null;
    String created = null;
    String deleted = null;
    Map<String, String> labels = null;
    List<PodSummary.Owner> owners = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "namespace" -> namespace = JsonValues.string(p);
        case "name" -> name = JsonValues.string(p);
        case "creationTimestamp" -> created = JsonValues.string(p);
        case "deletionTimestamp" -> deleted = JsonValues.string(p);
        case "labels" -> labels = JsonValues.stringMap(p);
        case "ownerReferences" -> owners = JsonValues.list(p, PodSummaryDecoder::owner);
        default -> p.skipChildren();
      }
    }
    return new PodSummary.Meta(namespace, name, created, deleted, labels, owners);
  }

  private static PodSummary.Owner owner(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String kind = null;
    String name = null;
    Boolean controller = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "kind" -> kind = JsonValues.string(p);
        case "name" -> name = JsonValues.string(p);
        case "controller" -> controller = JsonValues.bool(p);
        default -> p.skipChildren();
      }
    }
    return new PodSummary.Owner(kind, name, controller);
  }

  private static PodSummary.Spec spec(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String nodeName = null;
    List<PodSummary.Container> containers = null;
    List<PodSummary.Container> inits = null;
    Map<String, String> overhead = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "nodeName" -> nodeName = JsonValues.string(p);
        case "containers" -> containers = JsonValues.list(p, PodSummaryDecoder::container);
        case "initContainers" -> inits = JsonValues.list(p, PodSummaryDecoder::container);
        case "overhead" -> overhead = JsonValues.stringMap(p);
        default -> p.skipChildren();
      }
    }
    return new PodSummary.Spec(nodeName, containers, inits, overhead);
  }

  private static PodSummary.Container container(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String name = null;
    PodSummary.Resources resources = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "name" -> name = JsonValues.string(p);
        case "resources" -> resources = resources(p);
        default -> p.skipChildren();
      }
    }
    return new PodSummary.Container(name, resources);
  }

  private static PodSummary.Resources resources(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    Map<String, String> requests = null;
    Map<String, String> limits = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "requests" -> requests = JsonValues.stringMap(p);
        case "limits" -> limits = JsonValues.stringMap(p);
        default -> p.skipChildren();
      }
    }
    return new PodSummary.Resources(requests, limits);
  }

  private static PodSummary.Status status(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String phase = null;
    String podIp = null;
    List<PodSummary.ContainerStatus> statuses = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "phase" -> phase = JsonValues.string(p);
        case "podIP" -> podIp = JsonValues.string(p);
        case "containerStatuses" ->
            statuses = JsonValues.list(p, PodSummaryDecoder::containerStatus);
        default -> p.skipChildren();
      }
    }
    return new PodSummary.Status(phase, podIp, statuses);
  }

  private static PodSummary.ContainerStatus containerStatus(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String name = null;
    Boolean ready = null;
    Integer restarts = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "name" -> name = JsonValues.string(p);
        case "ready" -> ready = JsonValues.bool(p);
        case "restartCount" -> restarts = JsonValues.integer(p);
        default -> p.skipChildren();
      }
    }
    return new PodSummary.ContainerStatus(name, ready, restarts);
  }
}
