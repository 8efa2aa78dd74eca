package dev.knm.cli.node;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.kube.KubeAccess;
import dev.knm.cli.options.DeadlineOptions;
import dev.knm.cli.options.NodeSelectionOptions;
import dev.knm.cli.options.TimeoutOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** cordon and uncordon: the same options and run, one setting {@code spec.unschedulable}. */
abstract class ScheduleCommand extends BaseCommand {
  @Mixin NodeSelectionOptions selection;

  @Option(names = "--dry-run", description = "Only say what would change")
  boolean dryRun;

  @Mixin TimeoutOptions timeout;

  @Mixin DeadlineOptions deadline;

  /** The command's name, as audited and printed. */
  abstract String name();

  /** The {@code spec.unschedulable} this command sets. */
  abstract boolean unschedulable();

  @Override
  public Integer call() {
    try (KubeAccess kube =
        new KubeAccess(clusters(), context().env(), timeout.override(), deadlines(deadline))) {
      return CordonSupport.run(
          name(),
          unschedulable(),
          selection.nodes(),
          selection.selector(),
          dryRun,
          kube,
          selection.cluster(),
          out(),
          this::error,
          audit());
    }
  }
}
