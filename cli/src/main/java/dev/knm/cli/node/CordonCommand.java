package dev.knm.cli.node;

import picocli.CommandLine.Command;

/** `knm cordon NODE... -c CLUSTER [-l SELECTOR] [--dry-run]`. */
@Command(
    name = "cordon",
    description = {
      "Mark nodes unschedulable, as kubectl cordon does.",
      "One line per node, \"already cordoned\" when nothing changes (spec.unschedulable)."
          + " Exit code 3 when some nodes failed and others did not."
    })
public final class CordonCommand extends ScheduleCommand {
  @Override
  String name() {
    return "cordon";
  }

  @Override
  boolean unschedulable() {
    return true;
  }
}
