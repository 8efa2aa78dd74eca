package dev.knm.drain;

import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeApiException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link DaemonSets} asked of the API server (one GET per DaemonSet, remembered for the plan). */
final class ClusterDaemonSets implements DaemonSets {
  private final ClusterClient client;
  private final Map<String, Lookup> seen = new ConcurrentHashMap<>();

  ClusterDaemonSets(ClusterClient client) {
    this.client = client;
  }

  @Override
  public Lookup find(String namespace, String name) {
    return seen.computeIfAbsent(namespace + "/" + name, k -> ask(namespace, name));
  }

  private Lookup ask(String namespace, String name) {
    String path = "/apis/apps/v1/namespaces/" + namespace + "/daemonsets/" + name;
    try {
      client.get(path, Map.of(), client.tier().request(), true);
      return Lookup.FOUND;
    } catch (KubeApiException e) {
      String message =
          e.getMessage() == null || e.getMessage().isBlank()
              ? "daemonsets.apps \"" + name + "\" not found"
              : e.getMessage();
      return new Lookup(e.code() == 404, message);
    }
  }
}
