package dev.knm.cli.node;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.kube.KubeAccess;
import dev.knm.cli.options.DeadlineOptions;
import dev.knm.cli.options.TimeoutOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `knm cordon NODE... -c CLUSTER [-l SELECTOR] [--dry-run]`. */
@Command(
    name = "cordon",
    description = {
      "Mark nodes unschedulable, as kubectl cordon does.",
      "One line per node, \"already cordoned\" when nothing changes (spec.unschedulable)."
          + " Exit code 3 when some nodes failed and others did not."
    })
public final class CordonCommand extends BaseCommand {
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

  @Option(names = "--dry-run", description = "Only say what would change")
  boolean dryRun;

  @Mixin TimeoutOptions timeout;

  @Mixin DeadlineOptions deadline;

  @Override
  public Integer call() {
    try (KubeAccess kube =
        new KubeAccess(clusters(), context().env(), timeout.override(), deadlines(deadline))) {
      return CordonSupport.run(
          "cordon", true, nodes, selector, dryRun, kube, cluster, out(), this::error, audit());
    }
  }
}
