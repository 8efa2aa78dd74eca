package dev.knm.cli.demo;

import dev.knm.cli.ExitCodes;
import dev.knm.cli.KnmContext;
import dev.knm.cli.Main;
import dev.knm.cli.StopSignals;
import dev.knm.cli.render.Colors;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's walk: starts the {@link DemoCluster}, then runs real knm commands against it, each
 * through {@link Main#run} as typed in a shell (their own context, the demo's stdout and stderr),
 * each after one line saying what it shows. Stops after the step under way on Ctrl-C (130) or at
 * the first step that fails (its exit code), and always cleans up before it returns.
 */
final class DemoTour {
  /**
   * @param store the user's --store, or null for a throw-away one
   * @param keyFile the user's --key-file, or null (a throw-away key with a throw-away store)
   * @param passphraseFile the user's --passphrase-file, or null
   * @param shared the user's -v, -q and --no-color, given to every step
   */
  record Settings(
      String store,
      Path keyFile,
      Path passphraseFile,
      List<String> shared,
      boolean pause,
      Duration watchFor) {}

  private final Settings settings;
  private final KnmContext context;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Colors colors;
  private EnterKey enter;
  private StopSignals signals;
  private List<String> globalArgs;
  private Map<String, String> env;
  private boolean first = true;

  DemoTour(Settings settings, KnmContext context, PrintWriter out, PrintWriter err, Colors colors) {
    this.settings = settings;
    this.context = context;
    this.out = out;
    this.err = err;
    this.colors = colors;
  }

  int run() throws InterruptedException {
    int code;
    try (StopSignals s = StopSignals.installSecondExits();
        DemoCleanup cleanup = new DemoCleanup()) {
      signals = s;
      if (settings.pause()) {
        enter = new EnterKey(context.stdin());
      }
      code = walk(cleanup);
    }
    // after the clean-up: what it says is done
    if (code == ExitCodes.OK) {
      out.println();
      narrate(
          "done: the sandbox is stopped"
              + (settings.store() == null ? " and the throw-away store deleted" : "")
              + ". Next, your own clusters: knm import NAME --kubeconfig ~/.kube/config");
    }
    return code;
  }

  private int walk(DemoCleanup cleanup) throws InterruptedException {
    DemoWorkspace workspace = cleanup.add(DemoWorkspace.create());
    boolean throwAway = settings.store() == null;
    globalArgs = new ArrayList<>(settings.shared());
    globalArgs.add("--store");
    globalArgs.add(throwAway ? workspace.storeUrl() : settings.store());
    Path keyFile =
        settings.keyFile() != null
            ? settings.keyFile()
            : throwAway && settings.passphraseFile() == null ? workspace.newKeyFile() : null;
    if (keyFile != null) {
      globalArgs.add("--key-file");
      globalArgs.add(keyFile.toString());
    }
    if (settings.passphraseFile() != null) {
      globalArgs.add("--passphrase-file");
      globalArgs.add(settings.passphraseFile().toString());
    }
    env = throwAway ? workspace.homeIn(context.env()) : context.env();

    if (!pause(
        "starting a simulated Kubernetes API server in this process, shaped like a large GPU"
            + " cluster: 104 nodes, 872 GPUs, node "
            + DemoCluster.FLAPPING_NODE
            + " flapping")) {
      return ExitCodes.INTERRUPTED;
    }
    DemoCluster cluster = cleanup.add(DemoCluster.start());
    Path kubeconfig = cluster.writeKubeconfig(workspace.kubeconfig());
    out.println("    sandbox serving " + cluster.url());
    out.println(
        throwAway
            ? "    store and key: "
                + workspace.dir()
                + " (throw-away, deleted at the end; your own store is not touched)"
            : "    store: " + settings.store() + " (given with --store)");
    out.flush();
    String name = DemoCluster.NAME;
    String node = DemoCluster.GPU_NODE;
    List<Step> steps = new ArrayList<>();
    steps.add(
        new Step(
            "seal the cluster's kubeconfig into the store",
            "import",
            name,
            "--kubeconfig",
            kubeconfig.toString(),
            "-l",
            "env=demo"));
    steps.add(new Step("the clusters in the store, with their state", "list"));
    steps.add(new Step("every node of the cluster, with its GPUs", "list", "nodes", "-c", name));
    steps.add(
        new Step(
            "a 16-GPU node: conditions, capacity, its pods", "describe", "node", node, "-c", name));
    steps.add(
        new Step(
            "cordon it and evict its pods, with live progress",
            "drain",
            node,
            "-c",
            name,
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--force"));
    steps.add(
        new Step(
            "node changes as they happen ("
                + DemoCluster.FLAPPING_NODE
                + " flaps); stopped after "
                + seconds(settings.watchFor())
                + " here, a watch runs until Ctrl-C",
            List.of("--stop-after", settings.watchFor().toMillis() + "ms"),
            "watch",
            "-c",
            name,
            "--no-interactive"));
    if (!throwAway) {
      steps.add(
          new Step("the sandbox stops now: no dead cluster is left in your store", "remove", name));
    }
    for (Step step : steps) {
      if (!pause(step.narration())) {
        return ExitCodes.INTERRUPTED;
      }
      int code = runCommand(step);
      if (code == ExitCodes.INTERRUPTED || signals.stopAsked()) {
        return ExitCodes.INTERRUPTED;
      }
      if (code != ExitCodes.OK) {
        return code; // the step said why on stderr
      }
    }
    return ExitCodes.OK;
  }

  /** Says what comes next and, with --pause, waits for Enter; false when interrupted. */
  private boolean pause(String narration) throws InterruptedException {
    if (!first) {
      out.println();
    }
    first = false;
    narrate(narration);
    if (signals.stopAsked()) {
      return false;
    }
    if (enter != null) {
      err.print("    (Enter to go on, Ctrl-C to stop) ");
      err.flush();
      EnterKey.Outcome outcome = enter.await(signals::stopAsked);
      if (outcome != EnterKey.Outcome.ENTER) {
        err.println(); // the terminal echoed no Enter: end the prompt's line
        err.flush();
      }
      return outcome != EnterKey.Outcome.STOPPED;
    }
    return true;
  }

  private void narrate(String text) {
    out.println(colors.green().apply("==> " + text));
    out.flush();
  }

  private int runCommand(Step step) {
    List<String> args = new ArrayList<>(globalArgs);
    args.addAll(step.args());
    args.addAll(step.hiddenArgs());
    KnmContext stepContext =
        new KnmContext(
            env, InputStream.nullInputStream(), context.terminal(), null, System.nanoTime());
    int code = Main.run(args.toArray(String[]::new), stepContext, out, err);
    out.flush();
    err.flush();
    return code;
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  /**
   * One command: its arguments as a user would type them (shown), and hidden ones the demo adds
   * (not shown: they change when it ends, not what it prints).
   */
  record Step(String comment, List<String> hiddenArgs, List<String> args) {
    Step(String comment, String... args) {
      this(comment, List.of(), List.of(args));
    }

    Step(String comment, List<String> hiddenArgs, String... args) {
      this(comment, hiddenArgs, List.of(args));
    }

    String narration() {
      return "knm " + String.join(" ", args) + "   # " + comment;
    }
  }
}
