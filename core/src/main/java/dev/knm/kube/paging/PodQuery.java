package dev.knm.kube.paging;

import dev.knm.error.UsageException;

/**
 * What pods to list. {@code namespace} null = all namespaces; {@code node} narrows server-side with
 * {@code spec.nodeName=<node>}, combined with {@code fieldSelector}; {@code maxItems} 0 = no limit;
 * {@code pageSize} is the API {@code limit} (500 by default).
 */
public record PodQuery(
    String namespace,
    String labelSelector,
    String fieldSelector,
    String node,
    long maxItems,
    int pageSize) {

  public static final int DEFAULT_PAGE_SIZE = 500;

  public PodQuery {
    if (pageSize < 1) {
      throw new UsageException("page size must be at least 1, got " + pageSize);
    }
    if (maxItems < 0) {
      throw new UsageException("max items must not be negative, got " + maxItems);
    }
    if (node != null && (node.isBlank() || node.contains(",") || node.contains("="))) {
      throw new UsageException("invalid node name: \"" + node + "\"");
    }
  }

  public static PodQuery all() {
    return new PodQuery(null, null, null, null, 0, DEFAULT_PAGE_SIZE);
  }

  public PodQuery inNamespace(String ns) {
    return new PodQuery(ns, labelSelector, fieldSelector, node, maxItems, pageSize);
  }

  public PodQuery withLabelSelector(String s) {
    return new PodQuery(namespace, s, fieldSelector, node, maxItems, pageSize);
  }

  public PodQuery withFieldSelector(String s) {
    return new PodQuery(namespace, labelSelector, s, node, maxItems, pageSize);
  }

  public PodQuery onNode(String n) {
    return new PodQuery(namespace, labelSelector, fieldSelector, n, maxItems, pageSize);
  }

  public PodQuery withMaxItems(long max) {
    return new PodQuery(namespace, labelSelector, fieldSelector, node, max, pageSize);
  }

  public PodQuery withPageSize(int size) {
    return new PodQuery(namespace, labelSelector, fieldSelector, node, maxItems, size);
  }

  /** The field selector sent to the server: the node's and the caller's, comma-joined. */
  public String effectiveFieldSelector() {
    String n = node == null ? null : "spec.nodeName=" + node;
    if (n == null) {
      return blankToNull(fieldSelector);
    }
    return blankToNull(fieldSelector) == null ? n : n + "," + fieldSelector;
  }

  /** /api/v1/pods or /api/v1/namespaces/NS/pods. */
  public String path() {
    return namespace == null || namespace.isEmpty()
        ? "/api/v1/pods"
        : "/api/v1/namespaces/" + namespace + "/pods";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
