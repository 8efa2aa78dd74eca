package dev.knm.cli.kube;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.knm.cli.BaseCommand;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.options.TimeoutOptions;
import dev.knm.cli.render.KubeJson;
import dev.knm.cli.render.StreamingTable;
import dev.knm.error.UsageException;
import dev.knm.kube.ClusterClient;
import dev.knm.kube.PodPager;
import dev.knm.kube.PodQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `knm list pods`: streams a cluster's pods page by page as they arrive (the pager fetches the next
 * page while this one prints), so memory does not grow with the number of pods. Tables fix their
 * column widths from the header and the first page and widen them only when a later row needs it;
 * -o json writes ONE List document incrementally.
 */
@Command(
    name = "pods",
    aliases = {"pod", "po"},
    description = {
      "List a cluster's pods, streamed page by page (--chunk-size pods per request) as they",
      "arrive. Default namespace: the kubeconfig context's, else default; -A for all.",
      "Table columns are sized from the first page and widen when a later row needs it."
    })
public final class ListPodsCommand extends BaseCommand {
  @Option(
      names = {"-c", "--cluster"},
      paramLabel = "CLUSTER",
      required = true,
      description = "The cluster to list")
  String cluster;

  @Mixin TimeoutOptions timeout;

  @Option(names = "--node", paramLabel = "NODE", description = "Only pods bound to this node")
  String node;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace (default: the kubeconfig context's, else default)")
  String namespace;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Pods of every namespace")
  boolean allNamespaces;

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "SELECTOR",
      description = "Label selector, e.g. app=web,tier!=db")
  String selector;

  @Option(
      names = "--field-selector",
      paramLabel = "SELECTOR",
      description = "Field selector, e.g. status.phase=Running")
  String fieldSelector;

  @Option(
      names = "--chunk-size",
      paramLabel = "N",
      defaultValue = "500",
      description = "Pods per request (default: ${DEFAULT-VALUE}; 0: all in one request)")
  int chunkSize;

  @Option(names = "--limit", paramLabel = "N", description = "Stop after N pods")
  Long limit;

  @Override
  public Integer call() {
    if (allNamespaces && namespace != null) {
      throw new UsageException("give either -n/--namespace or -A/--all-namespaces, not both");
    }
    if (chunkSize < 0) {
      throw new UsageException("--chunk-size must not be negative");
    }
    if (limit != null && limit < 1) {
      throw new UsageException("--limit must be at least 1");
    }
    try (KubeAccess kube = new KubeAccess(clusters(), context().env(), timeout.override())) {
      KubeAccess.Target target = kube.target(cluster);
      try (ClusterClient client = kube.client(target)) {
        String ns =
            allNamespaces
                ? null
                : namespace != null ? namespace : KubeAccess.contextNamespace(client);
        PodQuery query =
            PodQuery.all()
                .inNamespace(ns)
                .withLabelSelector(selector)
                .withFieldSelector(fieldSelector)
                .onNode(node)
                .withPageSize(chunkSize == 0 ? Integer.MAX_VALUE : chunkSize)
                .withMaxItems(limit == null ? 0 : limit);
        long n = stream(new PodPager(client), query);
        if (n == 0 && (format() == OutputFormat.table || format() == OutputFormat.wide)) {
          notice(ns == null ? "No resources found" : "No resources found in " + ns + " namespace.");
        }
      }
    }
    return 0;
  }

  private long stream(PodPager pager, PodQuery query) {
    OutputFormat f = format();
    return switch (f) {
      case table, wide -> table(pager, query, f == OutputFormat.wide);
      case name ->
          pager.stream(
              query,
              PodRow.TYPE,
              page -> {
                StringBuilder sb = new StringBuilder(page.size() * 48);
                for (PodRow p : page) {
                  sb.append("pod/").append(p.name()).append('\n');
                }
                out().print(sb);
                out().flush();
              });
      case ndjson ->
          pager.streamJson(
              query,
              page -> {
                StringBuilder sb = new StringBuilder(page.size() * 4096);
                for (JsonNode p : page) {
                  sb.append(KubeJson.writeCompact(p)).append('\n');
                }
                out().print(sb);
                out().flush();
              });
      case json -> json(pager, query);
      case yaml -> yaml(pager, query);
    };
  }

  private long table(PodPager pager, PodQuery query, boolean wide) {
    boolean showNamespace = query.namespace() == null;
    List<String> headers = new ArrayList<>();
    if (showNamespace) {
      headers.add("NAMESPACE");
    }
    headers.addAll(List.of("NAME", "READY", "STATUS", "RESTARTS", "AGE"));
    if (wide) {
      headers.addAll(List.of("IP", "NODE"));
    }
    StreamingTable table = new StreamingTable(headers, out(), !global().noHeaders);
    return pager.stream(
        query,
        PodRow.TYPE,
        page -> {
          Instant now = Instant.now();
          List<String[]> rows = new ArrayList<>(page.size());
          for (PodRow p : page) {
            String[] rsr = p.readyStatusRestarts(now);
            String[] row = new String[headers.size()];
            int i = 0;
            if (showNamespace) {
              row[i++] = p.namespace();
            }
            row[i++] = p.name();
            row[i++] = rsr[0];
            row[i++] = rsr[1];
            row[i++] = rsr[2];
            row[i++] = p.age(now);
            if (wide) {
              row[i++] = p.ip();
              row[i] = p.nodeName();
            }
            rows.add(row);
          }
          table.page(rows);
        });
  }

  /**
   * One {"apiVersion":"v1","kind":"List","items":[...]} document, items written as pages arrive. If
   * the listing fails midway the document is left unterminated (invalid JSON), never passed off as
   * complete; the error and exit code say what happened.
   */
  private long json(PodPager pager, PodQuery query) {
    try {
      JsonGenerator g = KubeJson.generator(out());
      g.writeStartObject();
      g.writeStringField("apiVersion", "v1");
      g.writeStringField("kind", "List");
      g.writeArrayFieldStart("items");
      long n =
          pager.streamJson(
              query,
              page -> {
                try {
                  for (JsonNode p : page) {
                    ClusterClient.json().writeTree(g, p);
                  }
                  g.flush();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      g.writeEndArray();
      g.writeObjectFieldStart("metadata");
      g.writeStringField("resourceVersion", "");
      g.writeEndObject();
      g.writeEndObject();
      g.flush();
      out().println();
      out().flush();
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same List as YAML, items appended as pages arrive. */
  private long yaml(PodPager pager, PodQuery query) {
    out().print("apiVersion: v1\nkind: List\n");
    out().flush();
    boolean[] started = {false};
    long n =
        pager.streamJson(
            query,
            page -> {
              StringBuilder sb = new StringBuilder(page.size() * 4096);
              if (!started[0]) {
                sb.append("items:\n");
                started[0] = true;
              }
              for (JsonNode p : page) {
                String[] lines = KubeJson.yaml(p).split("\n");
                for (int i = 0; i < lines.length; i++) {
                  sb.append(i == 0 ? "- " : "  ").append(lines[i]).append('\n');
                }
              }
              out().print(sb);
              out().flush();
            });
    out().print((n == 0 ? "items: []\n" : "") + "metadata:\n  resourceVersion: \"\"\n");
    out().flush();
    return n;
  }
}
