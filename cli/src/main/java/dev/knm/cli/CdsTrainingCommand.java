package dev.knm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * Hidden: what bin/knm runs once, under -XX:ArchiveClassesAtExit, so the class-data-sharing archive
 * holds the classes of the common commands (store, key, Jdbi, rendering), whatever command the user
 * happens to run first. Works in a throw-away store; touches nothing of the user's.
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
      Path kc = Files.writeString(dir.resolve("k.yaml"), KUBECONFIG);
      Map<String, String> env =
          Map.of(
              "HOME", dir.toString(),
              "XDG_DATA_HOME", dir.resolve("data").toString(),
              "XDG_CONFIG_HOME", dir.resolve("config").toString());
      String[][] commands = {
        {"import", "training", "--kubeconfig", kc.toString(), "--no-verify", "-l", "a=b"},
        {"list"},
        {"list", "-o", "wide", "-l", "a=b", "--status", "unknown"},
        {"list", "-o", "json"},
        {"describe", "cluster", "training"},
        {"remove", "training"},
        {"--help"}
      };
      PrintWriter sink = new PrintWriter(Writer.nullWriter());
      for (String[] args : commands) {
        Main.run(args, new KnmContext(env, InputStream.nullInputStream(), false), sink, sink);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    out().println("ok");
    return 0;
  }
}
