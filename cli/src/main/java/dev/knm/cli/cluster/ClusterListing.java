package dev.knm.cli.cluster;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.options.DeadlineOptions;
import dev.knm.cli.options.LabelConverter;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.render.Ages;
import dev.knm.cli.render.ClusterDocuments;
import dev.knm.cli.render.Colors;
import dev.knm.cli.render.Labels;
import dev.knm.cli.render.Quantities;
import dev.knm.cli.render.Table;
import dev.knm.cluster.Cluster;
import dev.knm.cluster.ClusterQuery;
import dev.knm.cluster.ClusterState;
import dev.knm.cluster.ClusterStatus;
import dev.knm.cluster.ClusterView;
import dev.knm.cluster.Deadline;
import dev.knm.cluster.FanOutResult;
import dev.knm.cluster.Page;
import dev.knm.cluster.RefreshResult;
import dev.knm.error.StoreException;
import dev.knm.error.UsageException;
import dev.knm.kube.transport.TimeoutTier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Lists clusters from the store; shared by `knm list` and `knm list clusters` (same options, same
 * output).
 */
abstract class ClusterListing extends BaseCommand {
  static final int DEFAULT_PAGE_SIZE = 50;

  /** A cached status older than this shows its age (README, "list (clusters)"). */
  static final Duration STALE_AFTER = Duration.ofMinutes(15);

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "ready, degraded, unreachable," + " unknown")
  String status;

  @Option(
      names = {"-l", "--label"},
      paramLabel = "KEY=VALUE",
      converter = LabelConverter.class,
      description = "Only clusters with this label (repeatable; all must match)")
  List<Map.Entry<String, String>> labels = List.of();

  @Option(names = "--search", paramLabel = "TEXT", description = "Substring of name or description")
  String search;

  @Option(names = "--page", paramLabel = "N", description = "Page to show (1-based)")
  Integer page;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Clusters per page (default: all; " + DEFAULT_PAGE_SIZE + " with --page)")
  Integer limit;

  @Option(names = "--refresh", description = "Probe every selected cluster now and update states")
  boolean refresh;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "8",
      description = "Clusters probed at once with --refresh (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Mixin DeadlineOptions deadline;

  @Override
  public Integer call() {
    ClusterQuery query = query();
    if (!refresh) {
      print(clusters().list(query));
      return 0;
    }
    Function<TimeoutTier, Deadline> byTier = deadlines(deadline);
    RefreshResult refreshed =
        clusters()
            .refresh(
                query,
                concurrency,
                v -> byTier.apply(TimeoutTier.forNodeCount(v.state().nodeCount())));
    print(pageOf(refreshed.clusters(), query));
    FanOutResult outcome = refreshed.outcome();
    if (outcome.total() > 1) {
      // each cause already names its cluster; with one cluster its error is the command's
      refreshed.failures().values().forEach(this::error);
    }
    if (outcome.total() > 1
        && outcome.answered() == 0
        && refreshed.unopened().size() == outcome.total()) {
      // no cluster was even asked: the key (or the store's data) is the problem, not a cluster
      throw new StoreException(
          "no selected cluster could be opened ("
              + outcome.total()
              + " failed): check --key-file, KNM_KEY_FILE or KNM_ENCRYPTION_KEY");
    }
    outcome.raise(" to refresh");
    return 0;
  }

  private static Page<ClusterView> pageOf(List<ClusterView> views, ClusterQuery query) {
    return new Page<>(views, query.page(), query.limit(), views.size());
  }

  private ClusterQuery query() {
    if (concurrency < 1) {
      throw new UsageException("--concurrency must be at least 1");
    }
    if (page != null && page < 1) {
      throw new UsageException("--page must be at least 1");
    }
    if (limit != null && limit < 1) {
      throw new UsageException("--limit must be at least 1");
    }
    int size = limit != null ? limit : page != null ? DEFAULT_PAGE_SIZE : Integer.MAX_VALUE;
    Map<String, String> labelMap = new LinkedHashMap<>();
    labels.forEach(e -> labelMap.put(e.getKey(), e.getValue()));
    return new ClusterQuery(
        status == null ? null : ClusterStatus.parse(status),
        labelMap,
        search,
        page == null ? 1 : page,
        size);
  }

  private void print(Page<ClusterView> result) {
    OutputFormat f = format();
    switch (f) {
      case json, yaml -> printDocument(ClusterDocuments.list(result));
      case ndjson -> result.items().forEach(v -> printDocument(ClusterDocuments.cluster(v)));
      case name -> {
        ClusterDocuments.names(result.items()).forEach(out()::println);
        out().flush();
      }
      case table, wide -> printTable(result, f == OutputFormat.wide);
    }
  }

  private void printTable(Page<ClusterView> result, boolean wide) {
    if (result.items().isEmpty()) {
      notice(
          result.total() == 0
              ? "No clusters found."
              : "No clusters on page " + result.page() + " (" + result.total() + " in all).");
      return;
    }
    Instant now = Instant.now();
    Colors colors = colors();
    List<String> headers =
        new ArrayList<>(List.of("NAME", "STATUS", "NODES", "VERSION", "CHECKED", "AGE"));
    if (wide) {
      headers.addAll(List.of("ID", "CPU", "MEMORY", "GPUS", "SERVER", "LABELS"));
    }
    Table table = new Table(headers);
    for (ClusterView v : result.items()) {
      Cluster c = v.cluster();
      ClusterState s = v.state();
      List<Object> row = new ArrayList<>();
      row.add(c.name());
      row.add(statusCell(s, now, colors));
      row.add(nodes(s));
      row.add(s.kubernetesVersion() == null ? "-" : s.kubernetesVersion());
      row.add(s.checkedAt() == null ? "never" : Ages.since(s.checkedAt(), now));
      row.add(Ages.since(c.createdAt(), now));
      if (wide) {
        row.add(c.shortId());
        row.add(Quantities.millicores(s.cpuMillis()));
        row.add(Quantities.memory(s.memoryBytes()));
        row.add(Quantities.count(s.gpus()));
        row.add(c.server());
        row.add(Labels.format(c.labels(), ","));
      }
      table.row(row.toArray());
    }
    table.print(out(), !global().noHeaders);
    if (result.total() > (long) result.page() * result.limit() && result.limit() > 0) {
      long pages = (result.total() + result.limit() - 1) / result.limit();
      notice(
          "Page "
              + result.page()
              + " of "
              + pages
              + " ("
              + result.total()
              + " clusters); next: --page "
              + (result.page() + 1));
    }
  }

  /**
   * The cached status, and once the check behind it is older than {@link #STALE_AFTER} how old it
   * is ("Ready (2h ago)", dimmed on a terminal): a cluster that stopped answering stays "Ready" in
   * the store until something checks it again, and that must not look like news.
   */
  static Table.Cell statusCell(ClusterState s, Instant now, Colors colors) {
    String label = s.status().label();
    if (s.checkedAt() != null) {
      Duration age = Duration.between(s.checkedAt(), now);
      if (age.compareTo(STALE_AFTER) > 0) {
        return new Table.Cell(label + " (" + Ages.of(age) + " ago)", colors.dim());
      }
    }
    return new Table.Cell(label, statusColor(s.status(), colors));
  }

  /** ready/total; "?" when the last check answered but could not count (describe says why). */
  static String nodes(ClusterState s) {
    if (s.nodeCount() != null) {
      return s.readyNodes() + "/" + s.nodeCount();
    }
    boolean answered = s.status() == ClusterStatus.READY || s.status() == ClusterStatus.DEGRADED;
    return answered && s.lastError() != null ? "?" : "-";
  }

  private static UnaryOperator<String> statusColor(ClusterStatus status, Colors colors) {
    return switch (status) {
      case READY -> colors.green();
      case DEGRADED -> colors.yellow();
      case UNREACHABLE -> colors.red();
      case UNKNOWN -> colors.dim();
    };
  }
}
