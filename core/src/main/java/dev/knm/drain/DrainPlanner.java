package dev.knm.drain;

import dev.knm.kube.model.Pod;
import dev.knm.kube.paging.PodPager;
import dev.knm.kube.paging.PodQuery;
import dev.knm.kube.transport.ClusterClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists a node's pods (one paginated {@code spec.nodeName} field-selected listing, narrowed by
 * --pod-selector, --chunk-size pods a page) and judges each with kubectl's filters.
 */
final class DrainPlanner {
  private final ClusterClient client;
  private final DrainOptions options;
  private final DrainFilters filters;

  DrainPlanner(ClusterClient client, DrainOptions options, Clock clock) {
    this.client = client;
    this.options = options;
    this.filters = new DrainFilters(options, new ClusterDaemonSets(client), clock);
  }

  DrainPlan plan(String node) {
    PodQuery q =
        PodQuery.all()
            .onNode(node)
            .withLabelSelector(options.podSelector())
            .withPageSize(options.chunkSize() == 0 ? Integer.MAX_VALUE : options.chunkSize());
    List<Pod> pods = new ArrayList<>();
    new PodPager(client).stream(q, pods::addAll);
    List<PodVerdict> verdicts = new ArrayList<>(pods.size());
    for (Pod p : pods) {
      verdicts.add(filters.judge(p));
    }
    return new DrainPlan(node, verdicts);
  }
}
