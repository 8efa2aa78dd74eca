package dev.knm.kube.model;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a Pod's JSON into a {@link Pod}: the fields the record has, everything else
 * (managedFields, env, probes, volume sources other than emptyDir...) skipped unread. Same values
 * as binding the record with Jackson databind (missing or null fields are null, unknown fields are
 * ignored, scalars coerced alike), except that annotations other than {@link Pod#KEPT_ANNOTATIONS}
 * are dropped. jackson-core only: databind costs hundreds of classes to start.
 */
public final class PodDecoder {
  private PodDecoder() {}

  /** The parser is on the pod's START_OBJECT (or null) and is left on its END_OBJECT. */
  public static Pod pod(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    Pod.Meta meta = null;
    Pod.Spec spec = null;
    Pod.Status status = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "metadata" -> meta = meta(p);
        case "spec" -> spec = spec(p);
        case "status" -> status = status(p);
        default -> p.skipChildren();
      }
    }
    return new Pod(meta, spec, status);
  }

  private static Pod.Meta meta(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String namespace = null;
    String name = null;
    String uid = null;
    String created = null;
    String deleted = null;
    Map<String, String> labels = null;
    Map<String, String> annotations = null;
    List<Pod.Owner> owners = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "namespace" -> namespace = JsonValues.string(p);
        case "name" -> name = JsonValues.string(p);
        case "uid" -> uid = JsonValues.string(p);
        case "creationTimestamp" -> created = JsonValues.string(p);
        case "deletionTimestamp" -> deleted = JsonValues.string(p);
        case "labels" -> labels = JsonValues.stringMap(p);
        case "annotations" -> annotations = keptAnnotations(p);
        case "ownerReferences" -> owners = JsonValues.list(p, PodDecoder::owner);
        default -> p.skipChildren();
      }
    }
    return new Pod.Meta(namespace, name, uid, created, deleted, labels, annotations, owners);
  }

  /** Only the annotations knm reads; the others' values are skipped unread. */
  private static Map<String, String> keptAnnotations(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String k = JsonValues.nextField(p); k != null; k = JsonValues.nextField(p)) {
      if (Pod.KEPT_ANNOTATIONS.contains(k)) {
        m.put(k, JsonValues.string(p));
      } else {
        p.skipChildren();
      }
    }
    return m;
  }

  private static Pod.Owner owner(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String apiVersion = null;
    String kind = null;
    String name = null;
    String uid = null;
    Boolean controller = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "apiVersion" -> apiVersion = JsonValues.string(p);
        case "kind" -> kind = JsonValues.string(p);
        case "name" -> name = JsonValues.string(p);
        case "uid" -> uid = JsonValues.string(p);
        case "controller" -> controller = JsonValues.bool(p);
        default -> p.skipChildren();
      }
    }
    return new Pod.Owner(apiVersion, kind, name, uid, controller);
  }

  private static Pod.Spec spec(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String nodeName = null;
    List<Pod.Container> containers = null;
    List<Pod.Container> inits = null;
    Map<String, String> overhead = null;
    List<Pod.Volume> volumes = null;
    Long grace = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "nodeName" -> nodeName = JsonValues.string(p);
        case "containers" -> containers = JsonValues.list(p, PodDecoder::container);
        case "initContainers" -> inits = JsonValues.list(p, PodDecoder::container);
        case "overhead" -> overhead = JsonValues.stringMap(p);
        case "volumes" -> volumes = JsonValues.list(p, PodDecoder::volume);
        case "terminationGracePeriodSeconds" -> grace = JsonValues.longInteger(p);
        default -> p.skipChildren();
      }
    }
    return new Pod.Spec(nodeName, containers, inits, overhead, volumes, grace);
  }

  private static Pod.Container container(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String name = null;
    Pod.Resources resources = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "name" -> name = JsonValues.string(p);
        case "resources" -> resources = resources(p);
        default -> p.skipChildren(); // image, env, probes...
      }
    }
    return new Pod.Container(name, resources);
  }

  private static Pod.Resources resources(JsonParser p) throws IOException {
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
    return new Pod.Resources(requests, limits);
  }

  private static Pod.Volume volume(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String name = null;
    Pod.EmptyDir emptyDir = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "name" -> name = JsonValues.string(p);
        case "emptyDir" -> emptyDir = emptyDir(p);
        default -> p.skipChildren(); // other volume sources
      }
    }
    return new Pod.Volume(name, emptyDir);
  }

  private static Pod.EmptyDir emptyDir(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String medium = null;
    String sizeLimit = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "medium" -> medium = JsonValues.string(p);
        case "sizeLimit" -> sizeLimit = JsonValues.string(p);
        default -> p.skipChildren();
      }
    }
    return new Pod.EmptyDir(medium, sizeLimit);
  }

  private static Pod.Status status(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String phase = null;
    String reason = null;
    String podIp = null;
    List<Pod.Condition> conditions = null;
    List<Pod.ContainerStatus> inits = null;
    List<Pod.ContainerStatus> containers = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "phase" -> phase = JsonValues.string(p);
        case "reason" -> reason = JsonValues.string(p);
        case "podIP" -> podIp = JsonValues.string(p);
        case "conditions" -> conditions = JsonValues.list(p, PodDecoder::condition);
        case "initContainerStatuses" -> inits = JsonValues.list(p, PodDecoder::containerStatus);
        case "containerStatuses" -> containers = JsonValues.list(p, PodDecoder::containerStatus);
        default -> p.skipChildren();
      }
    }
    return new Pod.Status(phase, reason, podIp, conditions, inits, containers);
  }

  private static Pod.Condition condition(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String type = null;
    String status = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "type" -> type = JsonValues.string(p);
        case "status" -> status = JsonValues.string(p);
        default -> p.skipChildren();
      }
    }
    return new Pod.Condition(type, status);
  }

  private static Pod.ContainerStatus containerStatus(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String name = null;
    Boolean ready = null;
    Integer restarts = null;
    Pod.State state = null;
    Pod.State last = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "name" -> name = JsonValues.string(p);
        case "ready" -> ready = JsonValues.bool(p);
        case "restartCount" -> restarts = JsonValues.integer(p);
        case "state" -> state = state(p);
        case "lastState" -> last = state(p);
        default -> p.skipChildren();
      }
    }
    return new Pod.ContainerStatus(name, ready, restarts, state, last);
  }

  private static Pod.State state(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    Pod.Waiting waiting = null;
    Pod.Running running = null;
    Pod.Terminated terminated = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "waiting" ->
            waiting = JsonValues.object(p) ? new Pod.Waiting(oneString(p, "reason")) : null;
        case "running" ->
            running = JsonValues.object(p) ? new Pod.Running(oneString(p, "startedAt")) : null;
        case "terminated" -> terminated = terminated(p);
        default -> p.skipChildren();
      }
    }
    return new Pod.State(waiting, running, terminated);
  }

  /** One string field of the object the parser is in; the others are skipped. */
  private static String oneString(JsonParser p, String field) throws IOException {
    String v = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      if (field.equals(f)) {
        v = JsonValues.string(p);
      } else {
        p.skipChildren();
      }
    }
    return v;
  }

  private static Pod.Terminated terminated(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String reason = null;
    Integer exitCode = null;
    Integer signal = null;
    String finished = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "reason" -> reason = JsonValues.string(p);
        case "exitCode" -> exitCode = JsonValues.integer(p);
        case "signal" -> signal = JsonValues.integer(p);
        case "finishedAt" -> finished = JsonValues.string(p);
        default -> p.skipChildren();
      }
    }
    return new Pod.Terminated(reason, exitCode, signal, finished);
  }
}
