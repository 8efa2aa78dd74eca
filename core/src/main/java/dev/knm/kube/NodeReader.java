package dev.knm.kube;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.NotFoundException;
import dev.knm.error.UsageException;
import dev.knm.kube.model.JsonItem;
import dev.knm.kube.model.JsonValues;
import dev.knm.kube.model.NodeDoc;
import dev.knm.kube.model.NodeDocDecoder;
import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.model.NodeUsage;
import dev.knm.kube.model.Pod;
import dev.knm.kube.paging.ListPager;
import dev.knm.kube.paging.NameDecoder;
import dev.knm.kube.paging.PodPager;
import dev.knm.kube.paging.PodQuery;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads nodes (paginated, lean projection) and per-node pod usage from ONE paginated listing of the
 * cluster's non-terminated pods.
 */
public final class NodeReader {
  public static final String NODES_PATH = "/api/v1/nodes";
  static final int PAGE_SIZE = 500;

  /** A server-side Table if the server can, else the plain list (kubectl's Accept header). */
  static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

  private final ClusterClient client;

  public NodeReader(ClusterClient client) {
    this.client = client;
  }

  /** All nodes (optionally a label selector), sorted by name. */
  public List<NodeSummary> list(String labelSelector) {
    List<NodeSummary> out = new ArrayList<>();
    new ListPager(client)
        .stream(
            NODES_PATH,
            selecting(labelSelector),
            PAGE_SIZE,
            0,
            client.tier().request(),
            new ListPager.ItemType<>((p, page) -> NodeDocDecoder.node(p), NodeDoc::name),
            page -> page.forEach(d -> out.add(d.toSummary())));
    out.sort(java.util.Comparator.comparing(NodeSummary::name));
    return out;
  }

  /**
   * Only the names of the nodes (optionally a label selector), sorted: what {@code -o name} needs.
   * Asked for as a server-side Table without objects, as kubectl's {@code get nodes} does, so a
   * page holds names and a few short columns instead of full Node objects (with their image lists,
   * ≈13 KB a node); a server that answers with a plain NodeList is read as well.
   */
  public List<String> names(String labelSelector) {
    Map<String, String> q = selecting(labelSelector);
    q.put("includeObject", "None");
    List<String> out = new ArrayList<>();
    new ListPager(client)
        .stream(
            NODES_PATH,
            q,
            PAGE_SIZE,
            0,
            client.tier().request(),
            new ListPager.ItemType<>((p, page) -> NameDecoder.name(p), n -> n, TABLE),
            out::addAll);
    out.sort(null);
    return out;
  }

  /** A list query with {@code labelSelector} when one is given. */
  private static Map<String, String> selecting(String labelSelector) {
    Map<String, String> q = new LinkedHashMap<>();
    if (labelSelector != null && !labelSelector.isBlank()) {
      q.put("labelSelector", labelSelector);
    }
    return q;
  }

  /**
   * One node.
   *
   * @throws NotFoundException if the cluster has no node of that name
   */
  public NodeSummary get(String name) {
    try (JsonParser p = JsonValues.parser(getRaw(name))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      return NodeDocDecoder.node(p).toSummary();
    } catch (IOException e) {
      throw new ClusterUnreachableException(
          client.cluster(), "cluster " + client.cluster() + ": node " + name + " is not JSON", e);
    }
  }

  /** One node as the exact JSON the server sent (json/yaml output of describe). */
  public JsonItem getJson(String name) {
    byte[] body = getRaw(name);
    try (JsonParser p = JsonValues.parser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      p.skipChildren(); // checks that it is JSON, as reading a tree did, and finds its end
      int end = (int) p.currentTokenLocation().getByteOffset() + 1;
      return new JsonItem("/" + name, body, 0, end);
    } catch (IOException e) {
      throw new ClusterUnreachableException(
          client.cluster(), "cluster " + client.cluster() + ": node " + name + " is not JSON", e);
    }
  }

  private byte[] getRaw(String name) {
    if (name == null || name.isBlank() || name.contains("/")) {
      throw new UsageException("invalid node name: \"" + name + "\"");
    }
    String path = NODES_PATH + "/" + name;
    try {
      return client.get(path, Map.of(), client.tier().request(), true);
    } catch (KubeApiException e) {
      if (e.code() == 404) {
        throw new NotFoundException("cluster " + client.cluster() + ": no node named " + name);
      }
      throw client.unreachable("GET", path, e, 0);
    }
  }

  /**
   * Per node: non-terminated pods and their summed requests, from one paginated listing of all pods
   * with {@code status.phase!=Succeeded,status.phase!=Failed}. Pods not bound to a node are left
   * out. Keyed by node name, sorted.
   */
  public Map<String, NodeUsage> usage() {
    Map<String, long[]> acc = new HashMap<>();
    new PodPager(client)
        .stream(
            PodQuery.all().withFieldSelector("status.phase!=Succeeded,status.phase!=Failed"),
            page -> {
              for (Pod p : page) {
                if (p.nodeName() == null || p.nodeName().isEmpty()) {
                  continue;
                }
                String ph = p.phase();
                if ("Succeeded".equals(ph) || "Failed".equals(ph)) {
                  continue; // a server that ignores the field selector
                }
                long[] a = acc.computeIfAbsent(p.nodeName(), k -> new long[4]);
                a[0]++;
                a[1] += p.request("cpu", true);
                a[2] += p.request("memory", false);
                a[3] += p.request(NodeSummary.GPU, false);
              }
            });
    Map<String, NodeUsage> out = new TreeMap<>();
    acc.forEach((k, a) -> out.put(k, new NodeUsage(k, (int) a[0], a[1], a[2], a[3])));
    return out;
  }
}
