package dev.knm.cli.kube;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.options.DeadlineOptions;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.options.TimeoutOptions;
import dev.knm.error.UsageException;
import dev.knm.kube.paging.PodPager;
import dev.knm.kube.paging.PodQuery;
import dev.knm.kube.transport.ClusterClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `knm list pods`: streams a cluster's pods page by page as they arrive (the pager fetches the next
 * page while this one prints), so memory does not grow with the number of pods. Tables fix their
 * column widths from the header and the first page and widen them only when a later row needs it;
 * -o json writes ONE List document incrementally. The printing lives in {@link PodPrinter}: picocli
 * reflects over every command class of `list`, and Jackson must not load for `knm list`.
 */
@Command(
    name = "pods",
    aliases = {"pod", "po"},
    description = {
      "List a cluster's pods, streamed page by page as they arrive.",
      "--chunk-size pods are asked for per request. The default namespace is the kubeconfig"
          + " context's, else default; -A lists all. Table columns are sized from the first page"
          + " and widen when a later row needs it."
    })
public final class ListPodsCommand extends BaseCommand {
  @Option(
      names = {"-c", "--cluster"},
      paramLabel = "CLUSTER",
      required = true,
      description = "The cluster to list")
  String cluster;

  @Mixin TimeoutOptions timeout;

  @Mixin DeadlineOptions deadline;

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
    try (KubeAccess kube =
        new KubeAccess(clusters(), context().env(), timeout.override(), deadlines(deadline))) {
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
        long n =
            new PodPrinter(out(), format(), !global().noHeaders).print(new PodPager(client), query);
        if (n == 0 && (format() == OutputFormat.table || format() == OutputFormat.wide)) {
          notice(ns == null ? "No resources found" : "No resources found in " + ns + " namespace.");
        }
      }
    }
    return 0;
  }
}
