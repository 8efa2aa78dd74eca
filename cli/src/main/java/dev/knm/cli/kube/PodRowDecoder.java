package dev.knm.cli.kube;

import com.fasterxml.jackson.core.JsonParser;
import dev.knm.kube.model.JsonValues;
import java.io.IOException;
import java.util.List;

/**
 * Streams a Pod's JSON into a {@link PodRow}: what the table's columns need, everything else
 * (managedFields, annotations, env, volumes...) skipped unread. Same values as binding the record
 * with Jackson databind: missing or null fields are null, unknown fields are ignored.
 */
final class PodRowDecoder {
  private PodRowDecoder() {}

  /** The parser is on the pod's START_OBJECT (or null) and is left on its END_OBJECT. */
  static PodRow pod(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    PodRow.Meta meta = null;
    PodRow.Spec spec = null;
    PodRow.Status status = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "metadata" -> meta = meta(p);
        case "spec" -> spec = spec(p);
        case "status" -> status = status(p);
        default -> p.skipChildren();
      }
    }
    return new PodRow(meta, spec, status);
  }

  private static PodRow.Meta meta(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String namespace = null;
    String name = null;
    String created = null;
    String deleted = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "namespace" -> namespace = JsonValues.string(p);
        case "name" -> name = JsonValues.string(p);
        case "creationTimestamp" -> created = JsonValues.string(p);
        case "deletionTimestamp" -> deleted = JsonValues.string(p);
        default -> p.skipChildren();
      }
    }
    return new PodRow.Meta(namespace, name, created, deleted);
  }

  private static PodRow.Spec spec(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String nodeName = null;
    List<PodRow.Named> containers = null;
    List<PodRow.Named> inits = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "nodeName" -> nodeName = JsonValues.string(p);
        case "containers" -> containers = JsonValues.list(p, PodRowDecoder::named);
        case "initContainers" -> inits = JsonValues.list(p, PodRowDecoder::named);
        default -> p.skipChildren();
      }
    }
    return new PodRow.Spec(nodeName, containers, inits);
  }

  private static PodRow.Named named(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String name = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      if ("name".equals(f)) {
        name = JsonValues.string(p);
      } else {
        p.skipChildren(); // image, env, resources, probes...
      }
    }
    return new PodRow.Named(name);
  }

  private static PodRow.Status status(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String phase = null;
    String reason = null;
    String podIp = null;
    List<PodRow.Condition> conditions = null;
    List<PodRow.ContainerStatus> inits = null;
    List<PodRow.ContainerStatus> containers = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "phase" -> phase = JsonValues.string(p);
        case "reason" -> reason = JsonValues.string(p);
        case "podIP" -> podIp = JsonValues.string(p);
        case "conditions" -> conditions = JsonValues.list(p, PodRowDecoder::condition);
        case "initContainerStatuses" -> inits = JsonValues.list(p, PodRowDecoder::containerStatus);
        case "containerStatuses" -> containers = JsonValues.list(p, PodRowDecoder::containerStatus);
        default -> p.skipChildren();
      }
    }
    return new PodRow.Status(phase, reason, podIp, conditions, inits, containers);
  }

  private static PodRow.Condition condition(JsonParser p) throws IOException {
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
    return new PodRow.Condition(type, status);
  }

  private static PodRow.ContainerStatus containerStatus(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String name = null;
    Boolean ready = null;
    Integer restarts = null;
    PodRow.State state = null;
    PodRow.State last = null;
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
    return new PodRow.ContainerStatus(name, ready, restarts, state, last);
  }

  private static PodRow.State state(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    PodRow.Waiting waiting = null;
    PodRow.Running running = null;
    PodRow.Terminated terminated = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "waiting" -> waiting = waiting(p);
        case "running" -> running = running(p);
        case "terminated" -> terminated = terminated(p);
        default -> p.skipChildren();
      }
    }
    return new PodRow.State(waiting, running, terminated);
  }

  private static PodRow.Waiting waiting(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String reason = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      if ("reason".equals(f)) {
        reason = JsonValues.string(p);
      } else {
        p.skipChildren();
      }
    }
    return new PodRow.Waiting(reason);
  }

  private static PodRow.Running running(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String started = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      if ("startedAt".equals(f)) {
        started = JsonValues.string(p);
      } else {
        p.skipChildren();
      }
    }
    return new PodRow.Running(started);
  }

  private static PodRow.Terminated terminated(JsonParser p) throws IOException {
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
    return new PodRow.Terminated(reason, exitCode, signal, finished);
  }
}
