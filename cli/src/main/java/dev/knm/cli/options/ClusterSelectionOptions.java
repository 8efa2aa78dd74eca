package dev.knm.cli.options;

import dev.knm.error.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** Which clusters a command runs on: {@code -c NAME} (repeatable) or {@code --all}. */
public final class ClusterSelectionOptions {
  @Option(
      names = {"-c", "--cluster"},
      paramLabel = "CLUSTER",
      description = "A cluster to query (repeatable)")
  public List<String> clusters = new ArrayList<>();

  @Option(names = "--all", description = "Query every cluster in the store")
  public boolean all;

  /**
   * The names given with -c, in order, without repeats; empty with --all (the caller lists the
   * store).
   *
   * @throws UsageException when neither or both of -c and --all are given
   */
  public List<String> named() {
    if (all && !clusters.isEmpty()) {
      throw new UsageException("give either -c/--cluster or --all, not both");
    }
    if (!all && clusters.isEmpty()) {
      throw new UsageException("give -c/--cluster NAME (repeatable) or --all");
    }
    return List.copyOf(new LinkedHashSet<>(clusters));
  }
}
