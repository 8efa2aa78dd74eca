package dev.knm.cli.options;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The nodes a command changes, as kubectl names them: {@code NODE...} or {@code -l SELECTOR}, of
 * one cluster ({@code -c}). Shared by cordon, uncordon and drain.
 */
public final class NodeSelectionOptions {
  @Parameters(arity = "0..*", paramLabel = "NODE", description = "Node names")
  List<String> nodes = new ArrayList<>();

  @Option(
      names = {"-c", "--cluster"},
      paramLabel = "CLUSTER",
      required = true,
      description = "The nodes' cluster")
  String cluster;

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "SELECTOR",
      description = "Nodes matching this label selector instead of names")
  String selector;

  public List<String> nodes() {
    return nodes;
  }

  public String cluster() {
    return cluster;
  }

  /** The label selector, or null when nodes are named. */
  public String selector() {
    return selector;
  }
}
