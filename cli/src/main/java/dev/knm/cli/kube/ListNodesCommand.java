package dev.knm.cli.kube;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.options.ClusterSelectionOptions;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.options.TimeoutOptions;
import dev.knm.cli.render.Ages;
import dev.knm.cli.render.Quantities;
import dev.knm.cli.render.Table;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.KnmException;
import dev.knm.error.PartialFailureException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `knm list nodes`: every node of the selected clusters with its pods and requests. Per cluster:
 * one paginated node listing and, at the same time, ONE paginated listing of its non-terminated
 * pods for the PODS and requested figures. Clusters are queried in parallel, {@code --concurrency}
 * at a time; the output is printed once all have answered, sorted by cluster then node.
 */
@Command(
    name = "nodes",
    aliases = {"node", "no"},
    description = {
      "List the nodes of one or more clusters with their pods and requested resources.",
      "Columns: status, roles, taints, kubelet version, pods, and cpu/memory/GPU"
          + " requested/allocatable. -o name prints node/NAME, or CLUSTER/node/NAME when several"
          + " clusters are selected. A cluster that fails is reported on stderr and the others are"
          + " printed (exit code 3; 4 when none answered)."
    })
public final class ListNodesCommand extends BaseCommand {
  @Mixin ClusterSelectionOptions selection;
  @Mixin TimeoutOptions timeout;

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
    try (KubeAccess kube = new KubeAccess(clusters(), context().env(), timeout.override())) {
      List<KubeAccess.Target> targets = kube.targets(names);
      if (targets.isEmpty()) {
        notice("No clusters found.");
        return 0;
      }
      boolean several = targets.size() > 1;
      // -o name needs names only: no pod listing, and a server-side table instead of full nodes
      Map<String, Object> results = query(kube, targets, format() == OutputFormat.name);
      List<ClusterNodes> ok = new ArrayList<>();
      Map<String, RuntimeException> failed = new LinkedHashMap<>();
      results.forEach(
          (name, r) -> {
            if (r instanceof ClusterNodes cn) {
              ok.add(cn);
            } else {
              failed.put(name, (RuntimeException) r);
            }
          });
      if (!several && !failed.isEmpty()) {
        throw failed.values().iterator().next(); // one cluster: its own error, one line
      }
      print(ok, several);
      failed.forEach((name, e) -> error(message(name, e)));
      if (failed.isEmpty()) {
        return 0;
      }
      if (ok.isEmpty()) {
        throw new ClusterUnreachableException(
            null, "no selected cluster answered (" + failed.size() + " failed)");
      }
      throw new PartialFailureException(
          failed.size() + " of " + targets.size() + " clusters failed",
          new ArrayList<>(failed.keySet()));
    }
  }

  /** Cluster name → ClusterNodes or the RuntimeException it failed with, in target order. */
  private Map<String, Object> query(
      KubeAccess kube, List<KubeAccess.Target> targets, boolean namesOnly) {
    int threads = Math.min(concurrency, targets.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("knm-cluster"));
    ExecutorService side = Executors.newCachedThreadPool(daemon("knm-usage"));
    try {
      Map<String, Future<ClusterNodes>> futures = new LinkedHashMap<>();
      for (KubeAccess.Target t : targets) {
        futures.put(t.name(), pool.submit(() -> one(kube, t, side, namesOnly)));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Future<ClusterNodes>> e : futures.entrySet()) {
        try {
          out.put(e.getKey(), e.getValue().get());
        } catch (ExecutionException ex) {
          Throwable c = ex.getCause();
          while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
          }
          out.put(
              e.getKey(),
              c instanceof RuntimeException re ? re : new IllegalStateException(c.getMessage(), c));
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", ex);
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
      side.shutdownNow();
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
      return new ClusterNodes(t.name(), nodes, usage.join(), List.of());
    }
  }

  private static String message(String cluster, RuntimeException e) {
    String m = e instanceof KnmException ? e.getMessage() : e.getClass().getSimpleName();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    m = m.lines().findFirst().orElse("");
    return m.startsWith("cluster " + cluster + ":") ? m : "cluster " + cluster + ": " + m;
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  // ---------------------------------------------------------------- output

  private void print(List<ClusterNodes> results, boolean several) {
    OutputFormat f = format();
    switch (f) {
      case json, yaml -> printDocument(NodeDocuments.list(documents(results)));
      case ndjson -> {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> d : documents(results)) {
          sb.append(dev.knm.cli.render.Json.writeCompact(d)).append('\n');
        }
        out().print(sb);
        out().flush();
      }
      case name -> {
        StringBuilder sb = new StringBuilder();
        for (ClusterNodes cn : results) {
          for (String n : cn.names()) {
            sb.append(several ? cn.cluster() + "/" : "").append("node/").append(n);
            sb.append('\n');
          }
        }
        out().print(sb);
        out().flush();
      }
      case table, wide -> printTable(results, f == OutputFormat.wide);
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

  private void printTable(List<ClusterNodes> results, boolean wide) {
    long total = results.stream().mapToLong(r -> r.nodes().size()).sum();
    if (total == 0) {
      notice("No nodes found.");
      return;
    }
    Instant now = Instant.now();
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
              "INSTANCE-TYPE"));
    }
    Table table = new Table(headers);
    for (ClusterNodes cn : results) {
      for (NodeSummary n : cn.nodes()) {
        table.row(row(cn, n, now, wide).toArray());
      }
    }
    table.print(out(), !global().noHeaders);
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
