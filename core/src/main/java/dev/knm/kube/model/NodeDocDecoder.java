package dev.knm.kube.model;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Streams a Node's JSON into a {@link NodeDoc}: name, labels, creation time, resourceVersion,
 * unschedulable, taints, capacity, allocatable, conditions, addresses and nodeInfo. The rest —
 * status.images (most of a node's bytes), managedFields, annotations, heartbeats — is skipped
 * unread. Same values as binding the records with Jackson databind: missing or null fields are
 * null, unknown fields are ignored.
 */
public final class NodeDocDecoder {
  private NodeDocDecoder() {}

  /** The parser is on the node's START_OBJECT (or null) and is left on its END_OBJECT. */
  public static NodeDoc node(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    NodeDoc.Meta meta = null;
    NodeDoc.Spec spec = null;
    NodeDoc.Status status = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "metadata" -> meta = meta(p);
        case "spec" -> spec = spec(p);
        case "status" -> status = status(p);
        default -> p.skipChildren();
      }
    }
    return new NodeDoc(meta, spec, status);
  }

  private static NodeDoc.Meta meta(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String name = null;
    Map<String, String> labels = null;
    String created = null;
    String rv = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "name" -> name = JsonValues.string(p);
        case "labels" -> labels = JsonValues.stringMap(p);
        case "creationTimestamp" -> created = JsonValues.string(p);
        case "resourceVersion" -> rv = JsonValues.string(p);
        default -> p.skipChildren();
      }
    }
    return new NodeDoc.Meta(name, labels, created, rv);
  }

  private static NodeDoc.Spec spec(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    Boolean unschedulable = null;
    List<NodeSummary.Taint> taints = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "unschedulable" -> unschedulable = JsonValues.bool(p);
        case "taints" -> taints = JsonValues.list(p, NodeDocDecoder::taint);
        default -> p.skipChildren();
      }
    }
    return new NodeDoc.Spec(unschedulable, taints);
  }

  private static NodeSummary.Taint taint(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String key = null;
    String value = null;
    String effect = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "key" -> key = JsonValues.string(p);
        case "value" -> value = JsonValues.string(p);
        case "effect" -> effect = JsonValues.string(p);
        default -> p.skipChildren();
      }
    }
    return new NodeSummary.Taint(key, value, effect);
  }

  private static NodeDoc.Status status(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    Map<String, String> capacity = null;
    Map<String, String> allocatable = null;
    List<NodeSummary.Condition> conditions = null;
    List<NodeSummary.Address> addresses = null;
    NodeDoc.Info info = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "capacity" -> capacity = JsonValues.stringMap(p);
        case "allocatable" -> allocatable = JsonValues.stringMap(p);
        case "conditions" -> conditions = JsonValues.list(p, NodeDocDecoder::condition);
        case "addresses" -> addresses = JsonValues.list(p, NodeDocDecoder::address);
        case "nodeInfo" -> info = info(p);
        default -> p.skipChildren(); // images, daemonEndpoints, volumesInUse...
      }
    }
    return new NodeDoc.Status(capacity, allocatable, conditions, addresses, info);
  }

  private static NodeSummary.Condition condition(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String type = null;
    String status = null;
    String reason = null;
    String message = null;
    String transition = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "type" -> type = JsonValues.string(p);
        case "status" -> status = JsonValues.string(p);
        case "reason" -> reason = JsonValues.string(p);
        case "message" -> message = JsonValues.string(p);
        case "lastTransitionTime" -> transition = JsonValues.string(p);
        default -> p.skipChildren();
      }
    }
    return new NodeSummary.Condition(type, status, reason, message, transition);
  }

  private static NodeSummary.Address address(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String type = null;
    String address = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "type" -> type = JsonValues.string(p);
        case "address" -> address = JsonValues.string(p);
        default -> p.skipChildren();
      }
    }
    return new NodeSummary.Address(type, address);
  }

  private static NodeDoc.Info info(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String kubelet = null;
    String os = null;
    String kernel = null;
    String runtime = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "kubeletVersion" -> kubelet = JsonValues.string(p);
        case "osImage" -> os = JsonValues.string(p);
        case "kernelVersion" -> kernel = JsonValues.string(p);
        case "containerRuntimeVersion" -> runtime = JsonValues.string(p);
        default -> p.skipChildren();
      }
    }
    return new NodeDoc.Info(kubelet, os, kernel, runtime);
  }
}
