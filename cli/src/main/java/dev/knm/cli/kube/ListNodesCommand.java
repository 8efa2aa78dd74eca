package dev.knm.cli.kube;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.options.ClusterSelectionOptions;
import dev.knm.cli.options.DeadlineOptions;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.options.TimeoutOptions;
import dev.knm.cli.render.Ages;
import dev.knm.cli.render.Quantities;
import dev.knm.cli.render.StreamingTable;
import dev.knm.cli.render.TerminalText;
import dev.knm.cluster.ClusterFanOut;
import dev.knm.cluster.FanOutResult;
import dev.knm.error.KnmException;
import dev.knm.error.StoreException;
import dev.knm.error.UsageException;
import dev.knm.kube.NodeReader;
import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.model.NodeUsage;
import dev.knm.kube.transport.ClusterClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `knm list nodes`: every node of the selected clusters with its pods and requests. Per cluster:
 * one paginated node listing and, at the same time, ONE paginated listing of its non-terminated
 * pods for the PODS and requested figures. Clusters are queried through core's {@link
 * ClusterFanOut}, {@code --concurrency} at a time, each within the command's deadline.
 *
 * <p>Rows are printed as clusters answer (each cluster's nodes sorted by name), not held back until
 * the slowest cluster has answered: with fifty clusters and one hung, the forty-nine are on the
 * screen (or in the pipe) at once and the hung one shows as its error line on stderr when its
 * deadline passes. The same on a terminal and in a pipe, so scripts get the same text and no cursor
 * tricks are needed; the CLUSTER column is sized for every selected name up front, others widen if
 * a later cluster needs it (as `list pods` does). One JSON/YAML document waits for all and lists
 * them in the order selected.
 */
@Command(
    name = "nodes",
    aliases = {"node", "no"},
    description = {
      "List the nodes of one or more clusters with their pods and requested resources.",
      "Columns: status, roles, taints, kubelet version, pods, and cpu/memory/GPU"
          + " requested/allocatable. -o name prints node/NAME, or CLUSTER/node/NAME when several"
          + " clusters are selected. Rows are printed as clusters answer; a cluster that fails is"
          + " reported on stderr and the others are printed (exit code 3; 4 when none answered)."
    })
public final class ListNodesCommand extends BaseCommand {
  @Mixin ClusterSelectionOptions selection;
  @Mixin TimeoutOptions timeout;
  @Mixin DeadlineOptions deadline;

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "SELECTOR",
      description = "Label selector, e.g. node-role.kubernetes.io/worker,zone in (a,b)")
  String selector;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "8",
      description = "Clusters queried at once (default: ${DEFAULT-VALUE})")
  int concurrency;

  /** One cluster's answer: its nodes with their pod usage, or (-o name) only their names. */
  record ClusterNodes(
      String cluster, List<NodeSummary> nodes, Map<String, NodeUsage> usage, List<String> names) {}

  @Override
  public Integer call() {
    if (concurrency < 1) {
      throw new UsageException("--concurrency must be at least 1");
    }
    List<String> names = selection.named();
    try (KubeAccess kube =
        new KubeAccess(clusters(), context().env(), timeout.override(), deadlines(deadline))) {
      List<KubeAccess.Target> targets = kube.targets(names);
      if (targets.isEmpty()) {
        notice("No clusters found.");
        return 0;
      }
      boolean several = targets.size() > 1;
      // -o name needs names only: no pod listing, and a server-side table instead of full nodes
      boolean namesOnly = format() == OutputFormat.name;
      NodeOutput output = new NodeOutput(targets, several);
      ExecutorService side = Executors.newCachedThreadPool(daemon("knm-usage"));
      try {
        List<ClusterFanOut.Job<ClusterNodes>> jobs = new ArrayList<>();
        for (KubeAccess.Target t : targets) {
          jobs.add(
              new ClusterFanOut.Job<>(t.name(), t.deadline(), () -> one(kube, t, side, namesOnly)));
        }
        FanOutResult result =
            new ClusterFanOut(concurrency)
                .run(
                    jobs,
                    a -> {
                      if (a.ok()) {
                        output.add(a.value());
                      } else if (several) {
                        error(message(a.cluster(), a.failure()));
                      }
                    });
        output.finish(result.answered() > 0);
        if (several
            && result.answered() == 0
            && result.failures().values().stream().allMatch(e -> e instanceof StoreException)) {
          // no cluster was even asked: the key (or the store's data) is the problem
          throw new StoreException(
              "no selected cluster could be opened ("
                  + result.failures().size()
                  + " failed): check --key-file, KNM_KEY_FILE or KNM_ENCRYPTION_KEY");
        }
        result.raise("");
        return 0;
      } finally {
        side.shutdownNow();
      }
    }
  }

  private ClusterNodes one(
      KubeAccess kube, KubeAccess.Target t, ExecutorService side, boolean namesOnly) {
    try (ClusterClient client = kube.client(t)) {
      NodeReader reader = new NodeReader(client);
      if (namesOnly) {
        return new ClusterNodes(t.name(), List.of(), Map.of(), reader.names(selector));
      }
      CompletableFuture<Map<String, NodeUsage>> usage =
          CompletableFuture.supplyAsync(reader::usage, side);
      List<NodeSummary> nodes;
      try {
        nodes = reader.list(selector);
      } catch (RuntimeException e) {
        usage.cancel(true);
        throw e;
      }
      try {
        return new ClusterNodes(t.name(), nodes, usage.join(), List.of());
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : e;
      }
    }
  }

  /** One line naming the cluster (once). */
  static String message(String cluster, RuntimeException e) {
    String m = e instanceof KnmException ? e.getMessage() : e.getClass().getSimpleName();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    m = m.lines().findFirst().orElse("");
    boolean named =
        Pattern.compile("\\bcluster " + Pattern.quote(cluster) + "\\b").matcher(m).find();
    return named ? m : "cluster " + cluster + ": " + m;
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  // ---------------------------------------------------------------- output

  /**
   * Prints clusters' answers as they come: table rows, names and ndjson lines at once (each answer
   * flushed, so a closed stdout stops the command there); a JSON/YAML document at the end.
   */
  private final class NodeOutput {
    private final List<String> order;
    private final boolean several;
    private final Map<String, ClusterNodes> held = new LinkedHashMap<>();
    private final StreamingTable table;
    private final Instant now = Instant.now();
    private long rows;

    NodeOutput(List<KubeAccess.Target> targets, boolean several) {
      this.order = targets.stream().map(KubeAccess.Target::name).toList();
      this.several = several;
      boolean wide = format() == OutputFormat.wide;
      if (format() == OutputFormat.table || wide) {
        table = new StreamingTable(headers(wide), out(), !global().noHeaders);
        table.minWidth(0, order.stream().mapToInt(String::length).max().orElse(0));
      } else {
        table = null;
      }
    }

    void add(ClusterNodes cn) {
      switch (format()) {
        case json, yaml -> held.put(cn.cluster(), cn);
        case ndjson -> {
          StringBuilder sb = new StringBuilder();
          for (Map<String, Object> d : documents(List.of(cn))) {
            sb.append(dev.knm.cli.render.Json.writeCompact(d)).append('\n');
          }
          out().print(sb);
          out().flush();
        }
        case name -> {
          StringBuilder sb = new StringBuilder();
          for (String n : cn.names()) {
            sb.append(several ? cn.cluster() + "/" : "")
                .append("node/")
                .append(TerminalText.escape(n))
                .append('\n');
          }
          out().print(sb);
          out().flush();
        }
        case table, wide -> {
          List<String[]> page = new ArrayList<>(cn.nodes().size());
          for (NodeSummary n : cn.nodes()) {
            page.add(row(cn, n, now, format() == OutputFormat.wide).toArray(String[]::new));
          }
          if (!page.isEmpty()) {
            table.page(page);
            rows += page.size();
          }
        }
      }
    }

    /** After the last answer; {@code anyAnswered} false: every cluster failed, print nothing. */
    void finish(boolean anyAnswered) {
      if (!anyAnswered) {
        return;
      }
      if (format() == OutputFormat.json || format() == OutputFormat.yaml) {
        List<ClusterNodes> inOrder = new ArrayList<>();
        for (String name : order) {
          if (held.containsKey(name)) {
            inOrder.add(held.get(name));
          }
        }
        printDocument(NodeDocuments.list(documents(inOrder)));
      } else if (table != null && rows == 0) {
        notice("No nodes found.");
      }
    }
  }

  private static List<Map<String, Object>> documents(List<ClusterNodes> results) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (ClusterNodes cn : results) {
      for (NodeSummary n : cn.nodes()) {
        items.add(NodeDocuments.node(cn.cluster(), n, usage(cn, n)));
      }
    }
    return items;
  }

  private static NodeUsage usage(ClusterNodes cn, NodeSummary n) {
    NodeUsage u = cn.usage().get(n.name());
    return u != null ? u : new NodeUsage(n.name(), 0, 0, 0, 0);
  }

  private static List<String> headers(boolean wide) {
    List<String> headers =
        new ArrayList<>(
            List.of(
                "CLUSTER", "NAME", "STATUS", "ROLES", "TAINTS", "VERSION", "PODS", "CPU", "MEMORY",
                "GPU", "AGE"));
    if (wide) {
      headers.addAll(
          List.of(
              "INTERNAL-IP",
              "EXTERNAL-IP",
              "OS-IMAGE",
              "KERNEL",
              "RUNTIME",
              "ZONE",
              "INSTANCE-TYPE",
              "READY-CONDITION"));
    }
    return headers;
  }

  static List<String> row(ClusterNodes cn, NodeSummary n, Instant now, boolean wide) {
    NodeUsage u = usage(cn, n);
    List<String> row = new ArrayList<>();
    row.add(cn.cluster());
    row.add(n.name());
    row.add(n.status());
    row.add(n.roles().isEmpty() ? "<none>" : String.join(",", n.roles()));
    row.add(Integer.toString(n.taintCount()));
    row.add(orNone(n.kubeletVersion()));
    row.add(Integer.toString(u.pods()));
    row.add(cpuPair(u.cpuRequestMillis(), n.allocatable().cpuMillis()));
    row.add(
        Quantities.memory(u.memoryRequestBytes())
            + "/"
            + Quantities.memory(n.allocatable().memoryBytes()));
    row.add(
        n.allocatable().gpus() == 0 && u.gpuRequests() == 0
            ? "-"
            : u.gpuRequests() + "/" + n.allocatable().gpus());
    row.add(Ages.since(n.creationTimestamp(), now));
    if (wide) {
      row.add(orNone(n.internalIp()));
      row.add(orNone(n.externalIp()));
      row.add(orNone(n.osImage()));
      row.add(orNone(n.kernelVersion()));
      row.add(orNone(n.containerRuntime()));
      row.add(orNone(n.zone()));
      row.add(orNone(n.instanceType()));
      row.add(orNone(n.readyCondition()));
    }
    return row;
  }

  /** requested/allocatable in one unit: whole cores when both are, else millicores. */
  static String cpuPair(long requested, long allocatable) {
    if (requested % 1000 == 0 && allocatable % 1000 == 0) {
      return requested / 1000 + "/" + allocatable / 1000;
    }
    return requested + "m/" + allocatable + "m";
  }

  static String orNone(String s) {
    return s == null || s.isEmpty() ? "<none>" : s;
  }
}
