package dev.knm.cli.watch;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.options.TimeoutOptions;
import dev.knm.cli.render.Json;
import dev.knm.cli.render.Table;
import dev.knm.error.UsageException;
import dev.knm.watch.NodeEvent;
import dev.knm.watch.NodeHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `knm events`: the node changes `knm watch --record` wrote to the store, oldest first. */
@Command(
    name = "events",
    description = {
      "List the node changes recorded by `knm watch --record`, oldest first: the newest --limit",
      "of them, optionally of one cluster, one node, or since a time."
    })
public final class EventsCommand extends BaseCommand {
  @Option(
      names = {"-c", "--cluster"},
      paramLabel = "CLUSTER",
      description = "Only this cluster's")
  String cluster;

  @Option(names = "--node", paramLabel = "NODE", description = "Only this node's")
  String node;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      converter = TimeoutOptions.DurationConverter.class,
      description = "Only those recorded within this long, e.g. 1h, 30m")
  Duration since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "1000",
      description = "At most the newest N (default: ${DEFAULT-VALUE})")
  int limit;

  @Override
  public Integer call() {
    OutputFormat f = format();
    if (f == OutputFormat.name) {
      throw new UsageException("-o name is not supported by knm events");
    }
    if (limit < 1) {
      throw new UsageException("--limit must be at least 1");
    }
    Instant from = since == null || since.isZero() ? null : Instant.now().minus(since);
    List<NodeEvent> events =
        new NodeHistory(context().store(global())).list(cluster, node, from, limit);
    switch (f) {
      case json, yaml -> printDocument(EventDocuments.list(events));
      case ndjson -> {
        StringBuilder sb = new StringBuilder();
        for (NodeEvent e : events) {
          sb.append(Json.writeCompact(EventDocuments.event(e))).append('\n');
        }
        out().print(sb);
        out().flush();
      }
      default -> {
        if (events.isEmpty()) {
          notice("No events found.");
          return 0;
        }
        Table t = new Table(List.of("TIME", "CLUSTER", "NODE", "CHANGE"));
        for (NodeEvent e : events) {
          t.row(EventText.time(e.time()), e.cluster(), e.node(), EventText.change(e, null));
        }
        t.print(out(), !global().noHeaders);
      }
    }
    return 0;
  }
}
