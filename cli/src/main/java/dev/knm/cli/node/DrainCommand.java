package dev.knm.cli.node;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.ExitCodes;
import dev.knm.cli.audit.AuditRecorder;
import dev.knm.cli.kube.KubeAccess;
import dev.knm.cli.options.DeadlineOptions;
import dev.knm.cli.options.Durations;
import dev.knm.cli.options.NodeSelectionOptions;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.options.TimeoutOptions;
import dev.knm.cli.render.StdoutWriter;
import dev.knm.cluster.Deadline;
import dev.knm.drain.DrainEvent;
import dev.knm.drain.DrainJournal;
import dev.knm.drain.DrainOptions;
import dev.knm.drain.DrainRequest;
import dev.knm.drain.DrainResult;
import dev.knm.drain.DrainService;
import dev.knm.drain.NodeOutcome;
import dev.knm.error.ErrorText;
import dev.knm.error.KnmException;
import dev.knm.error.UsageException;
import dev.knm.kube.transport.ClusterClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * `knm drain NODE... -c CLUSTER` with kubectl drain's flags and meanings, plus --deadline,
 * --max-concurrent-nodes, --eviction-concurrency and --resume. The drain itself is core's {@link
 * DrainService}; this parses, shows progress (a live display on a terminal, plain lines when piped,
 * ndjson with -o ndjson), turns the result into the exit code, and records the audit row. Ctrl-C or
 * SIGTERM stops it: no eviction is sent after that, the journal is kept for --resume, and the exit
 * code is 130.
 */
@Command(
    name = "drain",
    description = {
      "Drain nodes as kubectl drain does, with its flags and meanings.",
      "Cordon, then evict every pod but mirror and DaemonSet pods, honouring"
          + " PodDisruptionBudgets, and wait until they are gone. Blocking budgets are named with"
          + " what they allow; every selected node is cordoned first; nodes can drain in"
          + " parallel; an interrupted drain can be resumed (--resume)."
    })
public final class DrainCommand extends BaseCommand {
  static final Duration INTERRUPT_GRACE = Duration.ofSeconds(15);

  @Mixin NodeSelectionOptions selection;

  @Option(
      names = "--ignore-daemonsets",
      arity = "0..1",
      paramLabel = "true|false",
      description = "Ignore DaemonSet-managed pods")
  boolean ignoreDaemonSets;

  @Option(
      names = "--delete-emptydir-data",
      arity = "0..1",
      paramLabel = "true|false",
      description =
          "Continue even if there are pods using emptyDir (local data that will be deleted when"
              + " the node is drained)")
  boolean deleteEmptyDirData;

  @Option(
      names = "--force",
      arity = "0..1",
      paramLabel = "true|false",
      description = "Continue even if there are pods that do not declare a controller")
  boolean force;

  @Option(
      names = "--grace-period",
      paramLabel = "SECONDS",
      defaultValue = "-1",
      description =
          "Seconds each pod gets to terminate gracefully; negative: the pod's own (default)")
  int gracePeriod;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = TimeoutConverter.class,
      description =
          "How long to wait for one node before giving up (e.g. 5m); 0 or absent: no limit")
  Duration timeout = Duration.ZERO;

  @Option(
      names = "--pod-selector",
      paramLabel = "SELECTOR",
      description = "Label selector to filter pods on the node")
  String podSelector;

  @Option(
      names = "--disable-eviction",
      arity = "0..1",
      paramLabel = "true|false",
      description =
          "Delete pods instead of evicting them: bypasses PodDisruptionBudgets, use with caution")
  boolean disableEviction;

  @Option(
      names = "--skip-wait-for-delete-timeout",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description =
          "Do not wait for pods whose deletionTimestamp is older than this many seconds (0: wait)")
  int skipWaitForDeleteTimeout;

  @Option(
      names = "--chunk-size",
      paramLabel = "N",
      defaultValue = "500",
      description = "Pods per list request (default: ${DEFAULT-VALUE}; 0: all in one)")
  int chunkSize;

  @Option(
      names = "--dry-run",
      arity = "0..1",
      fallbackValue = "client",
      paramLabel = "none|client",
      description =
          "client (or no value): change nothing, print the plan: pods to evict, pods and budgets"
              + " that would block, and the exit code a real drain would give")
  String dryRun = "none";

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      converter = DeadlineOptions.DeadlineConverter.class,
      description =
          "One bound on the whole command (all nodes; also $KNM_DEADLINE); 0 or absent: none")
  Duration deadline = Duration.ZERO;

  @Option(
      names = "--max-concurrent-nodes",
      paramLabel = "N",
      defaultValue = "1",
      description = "Nodes drained at the same time (default: ${DEFAULT-VALUE})")
  int maxConcurrentNodes;

  @Option(
      names = "--eviction-concurrency",
      paramLabel = "N",
      defaultValue = "20",
      description = "Evictions in flight per node at most (default: ${DEFAULT-VALUE})")
  int evictionConcurrency;

  @Option(
      names = "--resume",
      description = "Continue the interrupted drain of these nodes from its journal")
  boolean resume;

  @Mixin TimeoutOptions requestTimeout;

  @Override
  public Integer call() {
    boolean dry = dryRun();
    if (dry && resume) {
      throw new UsageException("--dry-run and --resume cannot be used together");
    }
    OutputFormat f = format();
    if (f != OutputFormat.table && f != OutputFormat.ndjson) {
      throw new UsageException("drain prints plain text, or -o ndjson: not -o " + f);
    }
    DrainOptions options =
        new DrainOptions(
            ignoreDaemonSets,
            deleteEmptyDirData,
            force,
            disableEviction,
            gracePeriod,
            timeout,
            podSelector,
            skipWaitForDeleteTimeout,
            chunkSize,
            dry,
            evictionConcurrency,
            maxConcurrentNodes,
            deadline(),
            retryDelay());
    // requests are bounded by their timeouts; the drain's own deadline bounds the whole
    try (KubeAccess kube =
        new KubeAccess(
            clusters(), context().env(), requestTimeout.override(), tier -> Deadline.none())) {
      KubeAccess.Target target =
          kube.target(selection.cluster()); // a cluster not in the store: exit 1
      try (ClusterClient client = kube.client(target)) {
        return drain(client, options);
      }
    }
  }

  private boolean dryRun() {
    return switch (dryRun.toLowerCase(Locale.ROOT)) {
      case "none", "false" -> false;
      case "client", "true" -> true;
      case "server" ->
          throw new UsageException(
              "--dry-run=server is not supported: use --dry-run=client (knm's plan shows more)");
      default ->
          throw new UsageException("invalid --dry-run value '" + dryRun + "': use none or client");
    };
  }

  /** KNM_DRAIN_RETRY_DELAY: tests and benchmarks shorten kubectl's 5 s wait after a 429. */
  private Duration retryDelay() {
    String v = context().env().get("KNM_DRAIN_RETRY_DELAY");
    return v == null || v.isBlank()
        ? DrainOptions.DEFAULT_RETRY_DELAY
        : Durations.parse(v, "KNM_DRAIN_RETRY_DELAY");
  }

  private int drain(ClusterClient client, DrainOptions options) {
    AuditRecorder audit = audit();
    String target =
        selection.selector() != null && !selection.selector().isBlank()
            ? "-l " + selection.selector()
            : "node/" + String.join(", node/", selection.nodes());
    DrainRequest request =
        new DrainRequest(
            selection.cluster(),
            selection.nodes(),
            selection.selector(),
            options,
            resume,
            dev.knm.cli.audit.CommandLineText.of(
                spec.root().commandLine().getParseResult().originalArgs()));
    DrainOutput output = output();
    Clock clock = Clock.systemUTC();
    DrainJournal journal =
        options.dryRun() ? null : new DrainJournal(context().store(global()), clock);
    DrainService service = new DrainService(client, journal, context().operator(), clock);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> onSignal(service, finished), "knm-drain-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      DrainResult result;
      try {
        // a killed drain (kill -9) never gets to its outcome: its start is recorded when it starts
        result =
            service.drain(
                request,
                e -> {
                  if (e instanceof DrainEvent.DrainStarted s) {
                    audit.record(
                        "drain",
                        selection.cluster(),
                        target,
                        new AuditRecorder.Ending(
                            "started",
                            -1,
                            "drain " + s.drainId() + (s.resumed() ? " resumed" : " started")));
                  }
                  output.accept(e);
                });
      } catch (RuntimeException e) {
        output.finish(null);
        if (!options.dryRun() && !AuditRecorder.badInput(e)) {
          audit.record(
              "drain",
              selection.cluster(),
              target,
              new AuditRecorder.Ending(
                  e instanceof dev.knm.drain.DrainLockedException ? "refused" : "failed",
                  ExitCodes.of(e),
                  e instanceof KnmException
                      ? ErrorText.of(e)
                      : e.getClass().getSimpleName() + ": " + ErrorText.of(e)));
        }
        throw e;
      } finally {
        if (journal != null) {
          journal.close();
        }
      }
      output.finish(result);
      int code = DrainExit.of(result.verdict());
      if (!options.dryRun()) {
        audit.record(
            "drain",
            selection.cluster(),
            target,
            new AuditRecorder.Ending(DrainExit.outcome(result.verdict()), code, summary(result)));
      }
      StdoutWriter.flushWhileRead(out()); // a closed stdout does not change the drain's code
      err().flush();
      return code;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it ends the process once this thread is done
      }
    }
  }

  /**
   * Ctrl-C or SIGTERM: stop sending evictions, let the drain write its journal and release its
   * locks (at most {@link #INTERRUPT_GRACE}), then end with exit code 130.
   */
  private void onSignal(DrainService service, CountDownLatch finished) {
    service.interrupt();
    try {
      finished.await(INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    StdoutWriter.flushWhileRead(out());
    err().flush();
    Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
  }

  private DrainOutput output() {
    if (format() == OutputFormat.ndjson) {
      return new ReaderIndependentDrainOutput(new NdjsonDrainOutput(out(), selection.cluster()));
    }
    if (context().terminal() && !global().quiet) {
      DrainOutput live = LiveDrainDisplay.open();
      if (live != null) {
        return live;
      }
    }
    return new ReaderIndependentDrainOutput(new PlainDrainOutput(out(), err(), global().quiet));
  }

  /** The audit row's message: the drain id and how each node ended. */
  private static String summary(DrainResult r) {
    StringBuilder sb = new StringBuilder("drain " + r.drainId());
    if (!r.drained().isEmpty()) {
      sb.append(": drained ").append(String.join(", ", r.drained()));
    }
    for (NodeOutcome n : r.nodes()) {
      if (!n.drained()) {
        sb.append(r.drained().isEmpty() && sb.indexOf(":") < 0 ? ": " : "; ")
            .append(n.node())
            .append(" not drained (")
            .append(n.failure().name().toLowerCase(Locale.ROOT).replace('_', ' '))
            .append("): ")
            .append(n.message());
      }
    }
    return sb.toString();
  }

  /** --timeout's duration (a bad one is a usage error, exit code 2). */
  public static final class TimeoutConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value, "--timeout");
      } catch (UsageException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * --deadline, else $KNM_DEADLINE, else none: a drain is bounded by each node's --timeout, as
   * kubectl's, not by a size tier's default.
   */
  private Duration deadline() {
    if (!deadline.isZero()) {
      return deadline;
    }
    Duration fromEnv = new DeadlineOptions().override(context().env());
    return fromEnv == null ? Duration.ZERO : fromEnv;
  }
}
