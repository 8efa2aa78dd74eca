package dev.knm.cli.node;

import dev.knm.cli.render.Json;
import dev.knm.drain.DrainEvent;
import dev.knm.drain.DrainResult;
import java.io.PrintWriter;

/** {@code -o ndjson}: one JSON event a line on stdout ({@link DrainEventJson}). */
final class NdjsonDrainOutput implements DrainOutput {
  private final PrintWriter out;
  private final String cluster;

  NdjsonDrainOutput(PrintWriter out, String cluster) {
    this.out = out;
    this.cluster = cluster;
  }

  @Override
  public void accept(DrainEvent e) {
    out.println(Json.writeCompact(DrainEventJson.of(cluster, e)));
    out.flush();
  }

  @Override
  public void finish(DrainResult result) {
    out.flush();
  }
}
