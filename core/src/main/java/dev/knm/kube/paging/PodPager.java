package dev.knm.kube.paging;

import dev.knm.kube.model.JsonItem;
import dev.knm.kube.model.Pod;
import dev.knm.kube.transport.ClusterClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Pods, never cached: listed in pages of {@link PodQuery#pageSize()} with the cluster's pod-list
 * page timeout, streamed to the consumer while the next page is fetched (see {@link ListPager}).
 */
public final class PodPager {
  private final ClusterClient client;
  private final ListPager pager;

  public PodPager(ClusterClient client) {
    this.client = client;
    this.pager = new ListPager(client);
  }

  /** Lean pods (tables, usage). Returns the number of pods delivered. */
  public long stream(PodQuery query, Consumer<List<Pod>> pageConsumer) {
    return stream(query, ListPager.POD, pageConsumer);
  }

  /**
   * Full pods as the exact JSON the server sent (json/ndjson/yaml output). Returns the number of
   * pods delivered.
   */
  public long streamJson(PodQuery query, Consumer<List<JsonItem>> pageConsumer) {
    return stream(query, ListPager.POD_JSON, pageConsumer);
  }

  public <T> long stream(
      PodQuery query, ListPager.ItemType<T> type, Consumer<List<T>> pageConsumer) {
    Map<String, String> q = new LinkedHashMap<>();
    if (query.labelSelector() != null && !query.labelSelector().isBlank()) {
      q.put("labelSelector", query.labelSelector());
    }
    if (query.effectiveFieldSelector() != null) {
      q.put("fieldSelector", query.effectiveFieldSelector());
    }
    return pager.stream(
        query.path(),
        q,
        query.pageSize(),
        query.maxItems(),
        client.tier().podListPage(),
        type,
        pageConsumer);
  }
}
