package dev.knm.drain;

import dev.knm.error.ClusterUnreachableException;
import dev.knm.kube.model.Pdb;
import dev.knm.kube.model.Pod;
import dev.knm.kube.paging.ListPage;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeApiException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The disruption budgets that cover a pod, read from the API server (one list per namespace, kept
 * for {@link #FRESH}: many pods blocked by one budget ask at once, and its status changes only as
 * fast as pods come and go).
 */
final class PdbLookup {
  static final Duration FRESH = Duration.ofSeconds(1);

  private record Cached(Instant at, List<Pdb> pdbs) {}

  private final ClusterClient client;
  private final Clock clock;
  private final Map<String, Cached> byNamespace = new ConcurrentHashMap<>();

  PdbLookup(ClusterClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** The budgets that cover {@code pod}, by name; empty when none or when they cannot be read. */
  List<Pdb> covering(Pod pod) {
    List<Pdb> out = new ArrayList<>();
    for (Pdb p : inNamespace(pod.namespace())) {
      if (p.covers(pod)) {
        out.add(p);
      }
    }
    out.sort(java.util.Comparator.comparing(Pdb::name));
    return out;
  }

  List<Pdb> inNamespace(String namespace) {
    Instant now = clock.instant();
    Cached c = byNamespace.get(namespace);
    if (c != null && Duration.between(c.at(), now).compareTo(FRESH) < 0) {
      return c.pdbs();
    }
    List<Pdb> pdbs = read(namespace);
    byNamespace.put(namespace, new Cached(now, pdbs));
    return pdbs;
  }

  private List<Pdb> read(String namespace) {
    String path = "/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets";
    try {
      byte[] body = client.get(path, Map.of(), client.tier().request(), true);
      return ListPage.decode(body, (p, page) -> Pdb.decode(p)).items();
    } catch (KubeApiException | ClusterUnreachableException | IOException e) {
      return List.of(); // the eviction's own answer still says what blocks it
    }
  }

  static DrainEvent.PdbState state(Pdb p) {
    return new DrainEvent.PdbState(
        p.namespace(), p.name(), p.allowed(), p.desiredHealthy(), p.currentHealthy());
  }
}
