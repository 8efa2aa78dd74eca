package dev.knm.cli.fleet;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.ExitCodes;
import dev.knm.cli.options.Durations;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.render.Table;
import dev.knm.cluster.Names;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.UsageException;
import dev.knm.fleet.BroadcastReport;
import dev.knm.fleet.FleetEnv;
import dev.knm.fleet.InstanceAddress;
import dev.knm.fleet.InstanceResult;
import dev.knm.fleet.Peers;
import dev.knm.fleet.ReloadBroadcaster;
import dev.knm.fleet.ReloadTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "broadcast-reload",
    description = {
      "Tell every running knm instance (knm watch --serve) to reload a cluster from the store.",
      "Instances: --instances, else POD_IPS with POD_PORT, else INSTANCE_ADDRESSES, else the",
      "headless Service SERVICE_NAME.POD_NAMESPACE.svc.cluster.local through DNS. Requests go",
      "out --concurrency at a time, the next as soon as one finishes, each within --timeout.",
      "Token: KNM_RELOAD_TOKEN or --token-file. Exit code 0 all reloaded, 3 some failed,",
      "4 none answered."
    })
public final class BroadcastReloadCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Cluster name")
  String name;

  @Option(
      names = "--instances",
      split = ",",
      paramLabel = "HOST:PORT",
      description = "Instances to reach, comma-separated (instead of discovery)")
  List<String> instances = List.of();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description = "Per instance, connection included (default: ${DEFAULT-VALUE})")
  String timeout;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "64",
      description = "Requests in flight at most (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding the bearer token (default: $KNM_RELOAD_TOKEN)")
  Path tokenFile;

  @Option(
      names = "--batches",
      hidden = true,
      description =
          "Benchmark only: the seed design's fixed batches of --concurrency (each waits for its"
              + " slowest), to compare with knm's sliding window")
  boolean batches;

  @Override
  public Integer call() {
    Names.requireClusterName(name);
    Duration perRequest = Durations.parse(timeout, "--timeout");
    if (perRequest.isZero()) {
      throw new UsageException("--timeout must be more than 0");
    }
    if (concurrency < 1) {
      throw new UsageException("--concurrency must be at least 1");
    }
    List<InstanceAddress> explicit = new ArrayList<>();
    for (String i : instances) {
      explicit.add(InstanceAddress.parse(i, "--instances"));
    }
    Map<String, String> env = context().env();
    char[] token = ReloadTokens.load(tokenFile, env);
    Peers peers = FleetBroadcast.discover(env, explicit);
    if (!peers.configured()) {
      throw new UsageException(
          "no instances to reload: give --instances, or set "
              + FleetEnv.POD_IPS
              + ", "
              + FleetEnv.INSTANCE_ADDRESSES
              + " or "
              + FleetEnv.SERVICE_NAME
              + " and "
              + FleetEnv.POD_NAMESPACE);
    }
    if (peers.instances().isEmpty()) {
      throw new ClusterUnreachableException(
          name,
          "no other instances found from "
              + peers.source()
              + (peers.problem() == null ? "" : ": " + peers.problem()));
    }
    notice("found " + peers.instances().size() + " instances from " + peers.source());
    notice(
        "broadcasting reload of cluster/"
            + name
            + " to "
            + peers.instances().size()
            + " instances");
    BroadcastReport report =
        FleetBroadcast.broadcaster(
                env,
                perRequest,
                concurrency,
                token,
                batches
                    ? ReloadBroadcaster.Schedule.FIXED_BATCHES
                    : ReloadBroadcaster.Schedule.SLIDING_WINDOW)
            .broadcast(
                name,
                peers.instances(),
                verbose() ? this::logResult : ReloadBroadcaster.Listener.NONE);
    print(report);
    notice(FleetBroadcast.summary(report) + " in " + FleetBroadcast.millis(report.total()));
    if (report.allOk()) {
      return ExitCodes.OK;
    }
    long failed = report.results().size() - report.acknowledged();
    error(
        failed + " of " + report.results().size() + " instances failed to reload cluster/" + name);
    return report.noneAnswered() ? ExitCodes.UNREACHABLE : ExitCodes.PARTIAL;
  }

  private boolean verbose() {
    return global().verbose.length > 0 && !global().quiet;
  }

  /** -v: one line per instance as its answer arrives (the seed's "reload ok/failed" lines). */
  private void logResult(InstanceResult r) {
    synchronized (this) {
      err()
          .println(
              (r.ok() ? "reload ok" : "reload failed")
                  + " cluster="
                  + name
                  + " instance="
                  + (r.instance() == null ? "-" : r.instance())
                  + " address="
                  + r.address()
                  + (r.ok() ? " action=" + r.action() : " error=\"" + r.failure() + "\"")
                  + " time="
                  + FleetBroadcast.millis(r.time()));
      err().flush();
    }
  }

  private void print(BroadcastReport report) {
    OutputFormat f = format();
    if (f == OutputFormat.json || f == OutputFormat.yaml) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("apiVersion", "knm/v1");
      doc.put("kind", "BroadcastReload");
      doc.put("cluster", report.cluster());
      doc.put("instances", report.results().size());
      doc.put("acknowledged", report.acknowledged());
      doc.put("durationMs", report.total().toMillis());
      doc.put("items", report.results().stream().map(BroadcastReloadCommand::item).toList());
      printDocument(doc);
    } else if (f == OutputFormat.ndjson) {
      report.results().forEach(r -> printDocument(item(r)));
    } else if (f == OutputFormat.name) {
      report.results().stream()
          .filter(InstanceResult::ok)
          .forEach(r -> out().println("instance/" + label(r)));
    } else {
      Table t = new Table(List.of("INSTANCE", "ADDRESS", "RESULT", "TIME"));
      for (InstanceResult r : report.results()) {
        t.row(
            label(r),
            r.address().toString(),
            r.ok() ? "ok (" + r.action() + ")" : "failed: " + r.failure(),
            FleetBroadcast.millis(r.time()));
      }
      t.print(out(), !global().noHeaders);
    }
    out().flush();
  }

  private static String label(InstanceResult r) {
    return r.instance() != null ? r.instance() : r.address().toString();
  }

  private static Map<String, Object> item(InstanceResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("instance", r.instance());
    m.put("address", r.address().toString());
    m.put("ok", r.ok());
    m.put("action", r.action());
    m.put("error", r.failure());
    m.put("timeMs", r.time().toMillis());
    return m;
  }
}
