package dev.knm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * Hidden: what bin/knm runs once per build, recording the classes it loads, from which the
 * class-data-sharing archive is dumped: the classes of the common commands (store, key, Jdbi,
 * rendering, and the Kubernetes commands against a tiny in-process sandbox: TLS, HTTP, JSON),
 * whatever command the user happens to run first. Works in a throw-away store; touches nothing of
 * the user's. Prints each command's exit code and arguments, so that a test sees any that stops
 * working (a failing command still trains part of its path; the training itself always succeeds).
 */
@Command(name = "__cds-training", hidden = true)
final class CdsTrainingCommand extends BaseCommand {
  private static final String KUBECONFIG =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: c
        cluster:
          server: https://127.0.0.1:9
      users:
      - name: u
        user:
          token: training
      contexts:
      - name: ctx
        context:
          cluster: c
          user: u
      current-context: ctx
      """;

  @Override
  public Integer call() throws IOException {
    Path dir = Files.createTempDirectory("knm-cds-");
    try {
      Map<String, String> env =
          Map.of(
              "HOME", dir.toString(),
              "XDG_DATA_HOME", dir.resolve("data").toString(),
              "XDG_CONFIG_HOME", dir.resolve("config").toString());
      Path kc = Files.writeString(dir.resolve("k.yaml"), KUBECONFIG);
      run(
          env,
          dir,
          List.of(
              new String[] {"import", "training", "--kubeconfig", kc.toString(), "--no-verify"},
              new String[] {"list"},
              new String[] {"list", "-o", "wide", "-l", "a=b", "--status", "unknown"},
              new String[] {"list", "-o", "json"},
              new String[] {"list", "-o", "name"},
              new String[] {"describe", "cluster", "training"},
              new String[] {"describe", "cluster", "training", "-o", "yaml"}));
      try (TrainingSandbox sandbox = new TrainingSandbox()) {
        String sb = sandbox.writeKubeconfig(dir.resolve("sandbox.yaml")).toString();
        String node = sandbox.aNode();
        run(
            env,
            dir,
            List.of(
                new String[] {"import", "sb", "--kubeconfig", sb, "-l", "a=b"},
                new String[] {"import", "sbc", "--kubeconfig", sb, "--context", "sandbox-cert"},
                new String[] {"list", "--refresh", "-l", "a=b"},
                new String[] {"list", "nodes", "-c", "sb"},
                new String[] {"list", "nodes", "-c", "sb", "-o", "wide"},
                new String[] {"list", "nodes", "-c", "sb", "-c", "sbc", "-o", "name"},
                new String[] {"list", "nodes", "-c", "sb", "-o", "json"},
                new String[] {"list", "pods", "-c", "sb", "-A"},
                new String[] {"list", "pods", "-c", "sb", "-A", "-o", "wide"},
                new String[] {"list", "pods", "-c", "sb", "-A", "-o", "name"},
                new String[] {"list", "pods", "-c", "sb", "-A", "-o", "json"},
                new String[] {"list", "pods", "-c", "sb", "-A", "-o", "ndjson"},
                new String[] {"list", "pods", "-c", "sb", "--node", node},
                new String[] {"describe", "node", node, "-c", "sb"}));
      }
      run(
          env,
          dir,
          List.of(
              new String[] {"remove", "training"},
              new String[] {"remove", "sb"},
              new String[] {"--help"}));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }

  /** Runs each command; prints its exit code and arguments (the temp dir shown as TMP). */
  private void run(Map<String, String> env, Path dir, List<String[]> commands) {
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    for (String[] args : commands) {
      int code =
          Main.run(args, new KnmContext(env, InputStream.nullInputStream(), false), sink, sink);
      out().println(code + " " + String.join(" ", args).replace(dir.toString(), "TMP"));
    }
    out().flush();
  }
}
