package dev.knm.cli.kube;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.options.DeadlineOptions;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.options.TimeoutOptions;
import dev.knm.cli.render.Ages;
import dev.knm.cli.render.Quantities;
import dev.knm.cli.render.Table;
import dev.knm.cli.render.TerminalText;
import dev.knm.cli.watch.EventText;
import dev.knm.kube.NodeReader;
import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.model.Pod;
import dev.knm.kube.paging.PodPager;
import dev.knm.kube.paging.PodQuery;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.watch.NodeEvent;
import dev.knm.watch.NodeHistory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `knm describe node NODE -c CLUSTER`: kubectl-describe style, with capacity / allocatable /
 * requested side by side (kube-capacity style) and the node's non-terminated pods, listed in pages
 * with the {@code spec.nodeName} field selector. -o json/yaml prints the Node object as the API
 * server returns it.
 */
@Command(
    name = "node",
    aliases = {"no"},
    description = {
      "Describe a node of a cluster, with its pods and their requests.",
      "Roles, labels, taints, conditions, addresses, capacity vs allocatable vs requested (cpu,"
          + " memory, GPU), system info, and its non-terminated pods. -o json or -o yaml prints"
          + " the Node object."
    })
public final class DescribeNodeCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "NODE", description = "Node name")
  String node;

  @Option(
      names = {"-c", "--cluster"},
      paramLabel = "CLUSTER",
      required = true,
      description = "The node's cluster")
  String cluster;

  @Mixin TimeoutOptions timeout;

  @Mixin DeadlineOptions deadline;

  @Override
  public Integer call() {
    try (KubeAccess kube =
            new KubeAccess(clusters(), context().env(), timeout.override(), deadlines(deadline));
        ClusterClient client = kube.client(kube.target(cluster))) {
      NodeReader reader = new NodeReader(client);
      OutputFormat f = format();
      if (f == OutputFormat.json || f == OutputFormat.yaml || f == OutputFormat.ndjson) {
        NodeDocuments.printJson(out(), reader, node, f);
        return 0;
      }
      NodeSummary n = reader.get(node);
      if (f == OutputFormat.name) {
        out().println("node/" + TerminalText.escape(n.name()));
        out().flush();
        return 0;
      }
      List<Pod> pods = new ArrayList<>();
      new PodPager(client)
          .stream(
              PodQuery.all()
                  .onNode(n.name())
                  .withFieldSelector("status.phase!=Succeeded,status.phase!=Failed"),
              page -> {
                for (Pod p : page) {
                  if (!"Succeeded".equals(p.phase()) && !"Failed".equals(p.phase())) {
                    pods.add(p);
                  }
                }
              });
      // API server text, line by line: its control characters are shown, not obeyed
      describe(cluster, n, pods, Instant.now())
          .lines()
          .forEach(l -> out().println(TerminalText.escape(l)));
      out()
          .print(
              history(
                  new NodeHistory(context().store(global()))
                      .list(cluster, n.name(), null, HISTORY)));
      out().flush();
      return 0;
    }
  }

  static String describe(String cluster, NodeSummary n, List<Pod> pods, Instant now) {
    StringWriter sw = new StringWriter();
    PrintWriter w = new PrintWriter(sw);
    int col = 20;
    field(w, col, "Name", n.name());
    field(w, col, "Cluster", cluster);
    field(w, col, "Roles", n.roles().isEmpty() ? "<none>" : String.join(",", n.roles()));
    List<String> labels = new ArrayList<>();
    new TreeMap<>(n.labels()).forEach((k, v) -> labels.add(k + "=" + v));
    field(w, col, "Labels", labels.isEmpty() ? List.of("<none>") : labels);
    field(
        w,
        col,
        "CreationTimestamp",
        n.creationTimestamp() == null
            ? "<unknown>"
            : n.creationTimestamp() + " (" + Ages.since(n.creationTimestamp(), now) + " ago)");
    List<String> taints = new ArrayList<>();
    for (NodeSummary.Taint t : n.taints()) {
      taints.add(
          t.key()
              + (t.value() == null || t.value().isEmpty() ? "" : "=" + t.value())
              + ":"
              + t.effect());
    }
    field(w, col, "Taints", taints.isEmpty() ? List.of("<none>") : taints);
    field(w, col, "Unschedulable", Boolean.toString(n.unschedulable()));
    field(w, col, "Status", n.status());

    w.println("Conditions:");
    Table conditions =
        new Table(List.of("Type", "Status", "Reason", "LastTransitionTime", "Message"));
    conditions.row("----", "------", "------", "------------------", "-------");
    for (NodeSummary.Condition c : n.conditions()) {
      conditions.row(
          orDash(c.type()),
          orDash(c.status()),
          orDash(c.reason()),
          c.lastTransitionTime() == null
              ? "-"
              : c.lastTransitionTime() + " (" + Ages.since(c.lastTransitionTime(), now) + " ago)",
          orDash(c.message()));
    }
    indented(w, conditions);

    w.println("Addresses:");
    if (n.addresses().isEmpty()) {
      w.println("  <none>");
    }
    int aw = n.addresses().stream().mapToInt(a -> a.type().length()).max().orElse(0) + 3;
    for (NodeSummary.Address a : n.addresses()) {
      w.println("  " + pad(a.type() + ":", aw) + a.address());
    }

    long cpuReq = 0;
    long memReq = 0;
    long gpuReq = 0;
    for (Pod p : pods) {
      cpuReq += p.request("cpu", true);
      memReq += p.request("memory", false);
      gpuReq += p.request(NodeSummary.GPU, false);
    }
    w.println("Resources:");
    Table res = new Table(List.of("Resource", "Capacity", "Allocatable", "Requested"));
    res.row("--------", "--------", "-----------", "---------");
    res.row(
        "cpu",
        Quantities.cpu(n.capacity().cpuMillis()),
        Quantities.cpu(n.allocatable().cpuMillis()),
        Quantities.cpu(cpuReq) + " (" + percent(cpuReq, n.allocatable().cpuMillis()) + ")");
    res.row(
        "memory",
        Quantities.memory(n.capacity().memoryBytes()),
        Quantities.memory(n.allocatable().memoryBytes()),
        Quantities.memory(memReq) + " (" + percent(memReq, n.allocatable().memoryBytes()) + ")");
    if (n.capacity().gpus() > 0 || n.allocatable().gpus() > 0 || gpuReq > 0) {
      res.row(
          NodeSummary.GPU,
          Long.toString(n.capacity().gpus()),
          Long.toString(n.allocatable().gpus()),
          gpuReq + " (" + percent(gpuReq, n.allocatable().gpus()) + ")");
    }
    indented(w, res);

    w.println("System Info:");
    int sw2 = 28;
    w.println("  " + pad("Kubelet Version:", sw2) + orNone(n.kubeletVersion()));
    w.println("  " + pad("OS Image:", sw2) + orNone(n.osImage()));
    w.println("  " + pad("Kernel Version:", sw2) + orNone(n.kernelVersion()));
    w.println("  " + pad("Container Runtime Version:", sw2) + orNone(n.containerRuntime()));
    w.println("  " + pad("Zone:", sw2) + orNone(n.zone()));
    w.println("  " + pad("Instance Type:", sw2) + orNone(n.instanceType()));

    field(w, col, "Non-terminated Pods", "(" + pods.size() + " in total)");
    if (!pods.isEmpty()) {
      List<Pod> sorted = new ArrayList<>(pods);
      sorted.sort(Comparator.comparing(Pod::key));
      Table pt = new Table(List.of("Namespace", "Name", "CPU Requests", "Memory Requests", "Age"));
      pt.row("---------", "----", "------------", "---------------", "---");
      for (Pod p : sorted) {
        long c = p.request("cpu", true);
        long m = p.request("memory", false);
        pt.row(
            p.namespace(),
            p.name(),
            Quantities.cpu(c) + " (" + percent(c, n.allocatable().cpuMillis()) + ")",
            Quantities.memory(m) + " (" + percent(m, n.allocatable().memoryBytes()) + ")",
            Ages.since(p.metadata() == null ? null : p.metadata().creationTimestamp(), now));
      }
      indented(w, pt);
    }
    w.flush();
    return sw.toString();
  }

  /** Changes shown at the end: the node's newest recorded ones. */
  static final int HISTORY = 10;

  /** The node's recent changes recorded by `knm watch --record`, oldest first. */
  static String history(List<NodeEvent> events) {
    StringWriter sw = new StringWriter();
    PrintWriter w = new PrintWriter(sw);
    w.println("Recorded changes (knm watch --record):");
    if (events.isEmpty()) {
      w.println("  <none>");
    } else {
      Table t = new Table(List.of("Time", "Change"));
      for (NodeEvent e : events) {
        t.row(EventText.time(e.time()), EventText.change(e, null));
      }
      StringWriter rows = new StringWriter();
      t.print(new PrintWriter(rows), false);
      rows.toString().lines().forEach(l -> w.println("  " + l));
    }
    w.flush();
    return sw.toString();
  }

  private static void field(PrintWriter w, int col, String key, String value) {
    w.println(pad(key + ":", col) + value);
  }

  private static void field(PrintWriter w, int col, String key, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      w.println((i == 0 ? pad(key + ":", col) : " ".repeat(col)) + values.get(i));
    }
  }

  private static void indented(PrintWriter w, Table t) {
    StringWriter sw = new StringWriter();
    t.print(new PrintWriter(sw), true);
    sw.toString().lines().forEach(l -> w.println("  " + l));
  }

  /** kubectl describe's integer percentage of allocatable ("0%" when nothing is allocatable). */
  static String percent(long part, long whole) {
    if (whole <= 0) {
      return "0%";
    }
    return String.format(Locale.ROOT, "%d%%", (long) ((double) part * 100 / whole));
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(1, width - s.length()));
  }

  private static String orDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }

  private static String orNone(String s) {
    return s == null || s.isEmpty() ? "<none>" : s;
  }
}
