package dev.knm.cli.node;

import picocli.CommandLine.Command;

/** `knm uncordon NODE... -c CLUSTER [-l SELECTOR] [--dry-run]`. */
@Command(
    name = "uncordon",
    description = {
      "Mark nodes schedulable again, as kubectl uncordon does.",
      "One line per node, \"already uncordoned\" when nothing changes. Exit code 3 when some"
          + " nodes failed and others did not."
    })
public final class UncordonCommand extends ScheduleCommand {
  @Override
  String name() {
    return "uncordon";
  }

  @Override
  boolean unschedulable() {
    return false;
  }
}
