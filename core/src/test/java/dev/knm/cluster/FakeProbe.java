package dev.knm.cluster;

import dev.knm.error.ClusterUnreachableException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers from a table: a ProbeResult or an exception per cluster name; records calls. */
final class FakeProbe implements ClusterProbe {
  final Map<String, Object> answers = new ConcurrentHashMap<>();
  final List<String> calls = new CopyOnWriteArrayList<>();
  ProbeResult fallback = new ProbeResult("v1.31.2", null, null, null, null, null);

  @Override
  public ProbeResult probe(
      String clusterName, String kubeconfigYaml, Depth depth, Deadline deadline) {
    calls.add(clusterName + ":" + depth);
    Object a = answers.getOrDefault(clusterName, fallback);
    if (a instanceof RuntimeException e) {
      throw e;
    }
    return (ProbeResult) a;
  }

  static ClusterUnreachableException unreachable(String name, String why, Throwable cause) {
    return new ClusterUnreachableException(
        name, "cluster '" + name + "' is unreachable: " + why, cause);
  }
}
