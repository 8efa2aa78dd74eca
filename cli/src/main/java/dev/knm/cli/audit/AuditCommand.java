package dev.knm.cli.audit;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.options.Durations;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.render.Table;
import dev.knm.error.UsageException;
import dev.knm.store.AuditRow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `knm audit [-c CLUSTER] [--since D]`: the audit log of mutating commands, oldest first. */
@Command(
    name = "audit",
    description = {
      "List the audit log of the commands that changed a cluster or the store.",
      "Every cordon, uncordon, drain, import, remove and rotate-key: who ran it where, on what,"
          + " its command line (without secrets) and how it ended. Oldest first."
    })
public final class AuditCommand extends BaseCommand {
  @Option(
      names = {"-c", "--cluster"},
      paramLabel = "CLUSTER",
      description = "Only this cluster's rows")
  String cluster;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      description = "Only rows newer than this (e.g. 24h, 30m)")
  String since;

  @Override
  public Integer call() {
    OutputFormat f = format();
    if (f == OutputFormat.name) {
      throw new UsageException(
          "audit rows have no names: use -o table, wide, json, yaml or ndjson");
    }
    Instant from =
        since == null ? Instant.EPOCH : Instant.now().minus(Durations.parse(since, "--since"));
    List<AuditRow> rows = context().auditLog(global()).list(from, cluster);
    if (f == OutputFormat.json || f == OutputFormat.yaml) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("apiVersion", "knm/v1");
      doc.put("kind", "AuditList");
      doc.put("items", rows.stream().map(AuditCommand::document).toList());
      printDocument(doc);
      return 0;
    }
    if (f == OutputFormat.ndjson) {
      rows.forEach(r -> printDocument(document(r)));
      return 0;
    }
    boolean wide = f == OutputFormat.wide;
    Table t =
        new Table(
            wide
                ? List.of(
                    "TIME",
                    "USER",
                    "HOST",
                    "COMMAND",
                    "CLUSTER",
                    "TARGET",
                    "OUTCOME",
                    "EXIT",
                    "MESSAGE",
                    "COMMAND-LINE")
                : List.of(
                    "TIME", "USER", "HOST", "COMMAND", "CLUSTER", "TARGET", "OUTCOME", "EXIT"));
    for (AuditRow r : rows) {
      String time = r.at().truncatedTo(ChronoUnit.SECONDS).toString();
      String clusterName = r.cluster() == null ? "-" : r.cluster();
      String target = r.target() == null ? "-" : r.target();
      if (wide) {
        t.row(
            time,
            r.user(),
            r.host(),
            r.commandName(),
            clusterName,
            target,
            r.outcome(),
            exit(r),
            r.message() == null ? "-" : r.message(),
            r.commandLine());
      } else {
        t.row(time, r.user(), r.host(), r.commandName(), clusterName, target, r.outcome(), exit(r));
      }
    }
    if (rows.isEmpty()) {
      notice(
          cluster == null
              ? "No audit rows found."
              : "No audit rows found for cluster " + cluster + ".");
      return 0;
    }
    t.print(out(), !global().noHeaders);
    return 0;
  }

  /** "-" for a command that had not ended when its row was written (a drain's start). */
  private static String exit(AuditRow r) {
    return r.exitCode() < 0 ? "-" : Integer.toString(r.exitCode());
  }

  static Map<String, Object> document(AuditRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("apiVersion", "knm/v1");
    m.put("kind", "AuditEntry");
    m.put("id", r.id());
    m.put("time", r.at());
    m.put("user", r.user());
    m.put("host", r.host());
    m.put("command", r.commandName());
    m.put("cluster", r.cluster());
    m.put("target", r.target());
    m.put("commandLine", r.commandLine());
    m.put("outcome", r.outcome());
    m.put("exitCode", r.exitCode() < 0 ? null : r.exitCode());
    m.put("message", r.message());
    return m;
  }
}
