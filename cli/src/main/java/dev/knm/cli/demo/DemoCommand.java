package dev.knm.cli.demo;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.options.Durations;
import dev.knm.error.UsageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `knm demo`: a guided tour of knm against a simulated large GPU cluster, in a throw-away store.
 * This class names no sandbox type (picocli reflects over it for every command); {@link DemoTour}
 * does the work.
 */
@Command(
    name = "demo",
    description = {
      "Show knm at work on a simulated large GPU cluster, in a throw-away store.",
      "Starts a simulated Kubernetes API server in this process (104 nodes, 872 GPUs, one node"
          + " flapping), imports it into a temporary store with a temporary key, and runs list,"
          + " list nodes, describe node, a drain and a short watch against it, saying before each"
          + " step what it shows. Everything it made is removed at the end, also after Ctrl-C"
          + " (exit code 130). With --store (and --key-file) it uses that store instead, and"
          + " removes the cluster it imported at the end."
    })
public final class DemoCommand extends BaseCommand {
  @Option(names = "--pause", description = "Wait for Enter before each step")
  boolean pause;

  /** How long the watch step runs: tests make it short. */
  @Option(names = "--watch-for", hidden = true, paramLabel = "DURATION", defaultValue = "6s")
  String watchFor;

  @Override
  public Integer call() throws InterruptedException {
    Duration watch = Durations.parse(watchFor, "--watch-for");
    if (watch.isZero()) {
      throw new UsageException("--watch-for must be longer than 0");
    }
    List<String> shared = new ArrayList<>();
    for (int i = 0; i < global().verbose.length; i++) {
      shared.add("-v");
    }
    if (global().quiet) {
      shared.add("-q");
    }
    if (global().noColor) {
      shared.add("--no-color");
    }
    DemoTour.Settings settings =
        new DemoTour.Settings(
            global().store, global().keyFile, global().passphraseFile, shared, pause, watch);
    return new DemoTour(settings, context(), out(), err(), colors()).run();
  }
}
