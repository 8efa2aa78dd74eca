package dev.knm.cli;

import dev.knm.cli.cluster.DescribeCommand;
import dev.knm.cli.cluster.ImportCommand;
import dev.knm.cli.cluster.ListCommand;
import dev.knm.cli.sandbox.SandboxCommand;
import dev.knm.kube.ClientWarmup;
import dev.knm.store.StoreWarmup;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One background thread that initialises, while the main thread parses the command line, what the
 * command will need next: the store's libraries for every command that reads the store, and the
 * Kubernetes client path for the commands that may talk to clusters. Only with a second processor:
 * on one, it would just take turns with the main thread.
 */
final class StartupWarmup {
  private StartupWarmup() {}

  /** Words after list/describe that mean a command talks to clusters. */
  private static final Set<String> CLUSTER_WORDS =
      Set.of("nodes", "node", "no", "pods", "pod", "po", "--refresh");

  /**
   * Starts the warm-up for {@code command} (a top-level command class, or null: none) run with
   * {@code args}.
   */
  static void start(Class<?> command, String[] args) {
    if (command == null
        || command == SandboxCommand.class
        || command == CompletionCommand.class
        || Runtime.getRuntime().availableProcessors() < 2
        || "false".equals(System.getProperty("knm.warmup"))) {
      return;
    }
    boolean clusters = talksToClusters(command, args);
    Thread t =
        new Thread(
            () -> {
              StoreWarmup.run();
              if (clusters) {
                ClientWarmup.run();
              }
            },
            "knm-warmup");
    t.setDaemon(true);
    t.start();
  }

  /** Whether the command may reach a cluster: only then is the client path worth warming. */
  static boolean talksToClusters(Class<?> command, String[] args) {
    List<String> words = Arrays.asList(args);
    if (command == ImportCommand.class) {
      return !words.contains("--no-verify"); // import probes the cluster unless told not to
    }
    return (command == ListCommand.class || command == DescribeCommand.class)
        && words.stream().anyMatch(CLUSTER_WORDS::contains);
  }

  /** Every warm-up, on the calling thread (the start-up archive's training run). */
  static void runAll() {
    StoreWarmup.run();
    ClientWarmup.run();
  }
}
