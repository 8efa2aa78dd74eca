package dev.knm.cli.watch;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.ExitCodes;
import dev.knm.cli.StopSignals;
import dev.knm.cli.fleet.ServeMode;
import dev.knm.cli.kube.KubeAccess;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.options.ServeOptions;
import dev.knm.cli.options.TimeoutOptions;
import dev.knm.cli.render.Json;
import dev.knm.cli.render.OutputClosedException;
import dev.knm.cluster.Deadline;
import dev.knm.error.InvalidInputException;
import dev.knm.error.UsageException;
import dev.knm.fleet.ClusterReloader;
import dev.knm.fleet.EngineWatchedClusters;
import dev.knm.fleet.FleetLog;
import dev.knm.fleet.WatchEventMetrics;
import dev.knm.kube.transport.ClientPool;
import dev.knm.watch.ClusterHealthWorker;
import dev.knm.watch.ClusterSnapshot;
import dev.knm.watch.ConnectionEvent;
import dev.knm.watch.ConnectionState;
import dev.knm.watch.EventQueue;
import dev.knm.watch.FlapPolicy;
import dev.knm.watch.NodeEvent;
import dev.knm.watch.NodeEventRecorder;
import dev.knm.watch.NodeHistory;
import dev.knm.watch.WatchEngine;
import dev.knm.watch.WatchEvent;
import dev.knm.watch.WatchOptions;
import dev.knm.watch.WatchTarget;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `knm watch`: node informers for the selected clusters (core's {@link WatchEngine}), their
 * significant changes printed one line each as they happen (or one JSON object each with -o
 * ndjson), flushed per line. Connection changes (synced, reconnecting, listed again) go to stderr.
 * Ends on a closed stdout (exit 0: `| head` is a normal way to stop it), SIGTERM (0) or SIGINT
 * (130), after stopping the informers and writing what is left to the store.
 */
@Command(
    name = "watch",
    description = {
      "Watch the nodes of clusters and print each significant change as it happens.",
      "Changes: added/removed, cordon, labels, taints, condition status and reason, capacity,"
          + " kubelet version; heartbeats are not changes, and a flapping node is reported once."
          + " It reconnects by itself and reports what changed while away (catch-up)."
          + " -o ndjson prints one JSON event a line."
    })
public final class WatchCommand extends BaseCommand {
  /** The running serve mode, or null. */
  private ServeMode.Session session;

  /** Events between the informers and stdout; a reader slower than that holds the informers. */
  static final int QUEUE = 10_000;

  @Option(
      names = {"-c", "--cluster"},
      paramLabel = "CLUSTER",
      description = "A cluster to watch (repeatable; default: every cluster)")
  List<String> clusters = new ArrayList<>();

  @Option(names = "--all", description = "Watch every cluster in the store (the default)")
  boolean all;

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "SELECTOR",
      description = "Label selector of the nodes to watch")
  String selector;

  @Option(
      names = "--interactive",
      description =
          "The full-screen view: clusters, nodes, changes as they come (default when stdin and"
              + " stdout are a terminal; keys: ? in the screen)")
  boolean interactive;

  @Option(names = "--no-interactive", description = "Print one line per change even on a terminal")
  boolean noInteractive;

  @Option(
      names = "--record",
      description = "Also write every change to the store (see `knm events` and `describe node`)")
  boolean record;

  @Option(
      names = "--state-interval",
      paramLabel = "DURATION",
      defaultValue = "1m",
      converter = TimeoutOptions.DurationConverter.class,
      description =
          "Write each cluster's state (nodes, Ready, totals, last error) to the store this often,"
              + " from the watch's cache (0: never; default: ${DEFAULT-VALUE})")
  Duration stateInterval;

  @Option(
      names = "--flap-threshold",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "A node whose Ready changes more than N times within --flap-window is reported once as"
              + " flapping (0: report every change; default: ${DEFAULT-VALUE})")
  int flapThreshold;

  @Option(
      names = "--flap-window",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = TimeoutOptions.DurationConverter.class,
      description = "See --flap-threshold; also how long a flapping node must be quiet to settle")
  Duration flapWindow;

  @Option(
      names = "--resync",
      paramLabel = "DURATION",
      defaultValue = "0",
      converter = TimeoutOptions.DurationConverter.class,
      description = "List every cluster again this often and report what differs (0: never)")
  Duration resync;

  /** Hidden, for `knm demo`: ends the watch after this long with exit 0 (0: never). */
  @Option(
      names = "--stop-after",
      hidden = true,
      paramLabel = "DURATION",
      defaultValue = "0",
      converter = TimeoutOptions.DurationConverter.class)
  Duration stopAfter;

  @Mixin TimeoutOptions timeout;

  /** Fleet mode (--serve and its options): docs/deployment.md. */
  @Mixin ServeOptions serve;

  @Override
  public Integer call() throws InterruptedException {
    OutputFormat f = format();
    if (f != OutputFormat.table && f != OutputFormat.ndjson) {
      throw new UsageException(
          "knm watch prints lines, or one JSON event a line with -o ndjson; -o "
              + f
              + " is not"
              + " supported");
    }
    if (interactive && noInteractive) {
      throw new UsageException("give --interactive or --no-interactive, not both");
    }
    if (interactive && f == OutputFormat.ndjson) {
      throw new UsageException("-o ndjson prints lines: it cannot be --interactive");
    }
    if (all && !clusters.isEmpty()) {
      throw new UsageException("give either -c/--cluster or --all, not both");
    }
    if (flapThreshold < 0) {
      throw new UsageException("--flap-threshold must not be negative");
    }
    if (flapWindow.isZero()) {
      throw new UsageException("--flap-window must be longer than 0");
    }
    WatchOptions options =
        WatchOptions.defaults()
            .withLabelSelector(selector)
            .withFlaps(new FlapPolicy(flapThreshold, flapWindow))
            .withResync(resync);
    List<String> names = List.copyOf(new LinkedHashSet<>(clusters));
    // serve mode: checked before anything starts; its clusters are read and started by it, and
    // it keeps serving with none (they may be imported later)
    if (serve.enabled() && interactive) {
      throw new UsageException("--serve runs without the interactive screen: drop --interactive");
    }
    ServeMode.Prepared serving =
        serve.enabled()
            ? ServeMode.prepare(
                serve,
                names.isEmpty()
                    ? ClusterReloader.Selection.allClusters()
                    : new ClusterReloader.Selection(false, Set.copyOf(names)),
                context().env())
            : null;
    // no deadline: a watch runs until it is stopped
    try (KubeAccess kube =
        new KubeAccess(clusters(), context().env(), timeout.override(), tier -> Deadline.none())) {
      List<KubeAccess.Target> targets =
          serving != null ? List.of() : kube.targets(names); // NotFoundException: unknown name
      if (targets.isEmpty() && serving == null) {
        notice("No clusters found.");
        return 0;
      }
      if (!targets.isEmpty() && targets.stream().allMatch(t -> t.failure() != null)) {
        throw targets.get(0).failure(); // no stored row can be opened (the key, altered data)
      }
      // a stored row that cannot be opened: that cluster only, the others are watched
      targets.stream()
          .filter(t -> t.failure() != null)
          .forEach(t -> error(t.failure().getMessage()));
      if (serving != null || !screen()) {
        return watch(kube, targets, options, null, serving);
      }
      try (InteractiveWatch screen = InteractiveWatch.open()) { // UsageException: no terminal
        return watch(kube, targets, options, screen, null);
      }
    }
  }

  /**
   * The interactive screen: with --interactive; by default when stdin and stdout are a terminal and
   * the output is not ndjson. (The terminal library has the last word: on Java 22 and later a
   * Console exists even when the output is piped.)
   */
  private boolean screen() {
    if (interactive) {
      return true;
    }
    return !noInteractive
        && format() == OutputFormat.table
        && context().terminal()
        && InteractiveWatch.available();
  }

  /** Watches until stopped; with {@code screen}, on it, else printing lines. */
  private int watch(
      KubeAccess kube,
      List<KubeAccess.Target> targets,
      WatchOptions options,
      InteractiveWatch screen,
      ServeMode.Prepared serving)
      throws InterruptedException {
    ClientPool pool =
        new ClientPool(
            Math.max(ClientPool.DEFAULT_MAX, targets.size()),
            Duration.ofMinutes(30),
            System::nanoTime);
    NodeEventRecorder recorder =
        record ? NodeEventRecorder.standard(new NodeHistory(context().store(global()))) : null;
    EventQueue queue = new EventQueue(QUEUE);
    WatchEngine engine = new WatchEngine(options, pool, kube.factory(), Clock.systemUTC());
    if (recorder != null) {
      engine.subscribe(recorder); // first: it never blocks
    }
    if (screen == null) {
      engine.subscribe(queue); // the screen takes the events itself
    }
    ClusterHealthWorker health =
        stateInterval.isZero() ? null : new ClusterHealthWorker(engine, clusters(), stateInterval);
    Output output = new Output(out(), format() == OutputFormat.ndjson, options.flaps().window());
    StopAt stopAt = new StopAt(stopAfter);
    try (StopSignals signals = StopSignals.install()) {
      for (KubeAccess.Target t : targets) {
        if (t.failure() == null) {
          engine.start(new WatchTarget(t.name(), t.kubeconfig().yaml(), t.tier()));
        }
      }
      if (screen != null) {
        // Ctrl-C is the screen's while it is up; SIGTERM ends it through `signals`
        return screen.run(engine, () -> signals.received() != null || stopAt.passed());
      }
      if (serving != null) {
        session =
            ServeMode.start(
                serving,
                context(),
                global(),
                clusters(),
                new EngineWatchedClusters(engine, timeout.override()),
                metrics -> {
                  kube.factory().observe(metrics::apiCall); // every list and watch call
                  engine.subscribe(new WatchEventMetrics(metrics));
                },
                err());
      }
      while (true) {
        String signal = signals.received();
        if (signal != null) {
          // serve mode: readiness 503, reloads in flight finish, informers stop, port closed
          boolean inTime = session == null || session.stop();
          if (signal.equals("INT")) {
            return ExitCodes.INTERRUPTED;
          }
          return inTime ? ExitCodes.OK : ExitCodes.ERROR;
        }
        if (stopAt.passed()) {
          return ExitCodes.OK;
        }
        WatchEvent e = queue.poll(Duration.ofMillis(200));
        if (e == null) {
          if (output.closed()) {
            return ExitCodes.OK;
          }
          if (session == null && allFailed(engine)) {
            throw new InvalidInputException("no selected cluster can be watched");
          }
          continue;
        }
        show(e, output);
        if (output.closed()) {
          return ExitCodes.OK; // stdout was closed (| head): a normal end, quietly
        }
      }
    } finally {
      if (session != null) {
        session.stop(); // after a failure: no-op once stopped
      }
      if (health != null) {
        health.close(); // the last states, from the caches as they are now
      }
      engine.close();
      queue.close();
      for (WatchEvent e = queue.poll(Duration.ZERO);
          e != null && !output.closed();
          e = queue.poll(Duration.ZERO)) {
        show(e, output); // seen before the stop: printed, not lost
      }
      if (recorder != null) {
        recorder.close();
      }
      pool.close();
    }
  }

  /** When --stop-after ends the watch. */
  private record StopAt(long nanos) {
    StopAt(Duration after) {
      this(after.isZero() ? 0 : System.nanoTime() + after.toNanos());
    }

    boolean passed() {
      return nanos != 0 && System.nanoTime() - nanos >= 0;
    }
  }

  private static boolean allFailed(WatchEngine engine) {
    List<ClusterSnapshot> all = engine.snapshots();
    return !all.isEmpty() && all.stream().allMatch(s -> s.state() == ConnectionState.FAILED);
  }

  private void show(WatchEvent e, Output output) {
    if (e instanceof NodeEvent n) {
      output.write(n);
    } else if (e instanceof ConnectionEvent c && session != null) {
      logConnection(c, session.log()); // serve mode: stderr carries log lines only
    } else if (e instanceof ConnectionEvent c) {
      String text = EventText.connection(c);
      if (text == null) {
        return;
      }
      if (c.to() == ConnectionState.FAILED) {
        error(text);
      } else if (c.to() == ConnectionState.RECONNECTING) {
        err().println(text); // an error condition: shown even with -q
        err().flush();
      } else {
        notice(text);
      }
    }
  }

  private static void logConnection(ConnectionEvent c, FleetLog log) {
    FleetLog.Level level =
        c.to() == ConnectionState.FAILED
            ? FleetLog.Level.ERROR
            : c.to() == ConnectionState.RECONNECTING ? FleetLog.Level.WARN : FleetLog.Level.INFO;
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("cluster", c.cluster());
    fields.put("from", c.from() == null ? null : c.from().wire());
    if (c.error() != null) {
      fields.put("error", c.error());
    }
    if (c.to() == ConnectionState.SYNCED) {
      fields.put("nodes", c.nodes());
      fields.put("ready", c.ready());
      fields.put("catch_up", c.catchUp());
    }
    log.log(level, "watch " + c.to().wire(), fields);
  }

  /** stdout, one flushed line per event; notices a closed pipe. */
  static final class Output {
    private final PrintWriter out;
    private final boolean ndjson;
    private final Duration flapWindow;
    private boolean closed;

    Output(PrintWriter out, boolean ndjson, Duration flapWindow) {
      this.out = out;
      this.ndjson = ndjson;
      this.flapWindow = flapWindow;
    }

    void write(NodeEvent e) {
      if (closed) {
        return;
      }
      out.println(
          ndjson ? Json.writeCompact(EventDocuments.event(e)) : EventText.line(e, flapWindow));
      closed = readerGone(); // EPIPE on the write: the reader has gone
    }

    /**
     * Whether stdout is closed, as far as writing (and flushing) has shown. knm's stdout throws on
     * a closed pipe where a PrintWriter sets its error flag: both are noted here, so the watch's
     * clean-up (the last events, the recorder, the clients) runs in full either way.
     */
    boolean closed() {
      if (!closed) {
        closed = readerGone();
      }
      return closed;
    }

    private boolean readerGone() {
      try {
        out.flush();
        return out.checkError(); // flushes again: a pipe closed in between throws too
      } catch (OutputClosedException e) {
        return true;
      }
    }
  }
}
