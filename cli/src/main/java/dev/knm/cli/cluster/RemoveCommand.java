package dev.knm.cli.cluster;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.fleet.AutoBroadcast;
import dev.knm.error.KnmException;
import dev.knm.error.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "remove",
    aliases = {"rm"},
    description = {
      "Remove clusters: the row is kept, marked deleted, and the name is free again.",
      "--purge also erases the sealed kubeconfig for good."
    })
public final class RemoveCommand extends BaseCommand {
  @Parameters(arity = "1..*", paramLabel = "CLUSTER", description = "Cluster names")
  List<String> names;

  @Option(names = "--purge", description = "Erase the sealed kubeconfig too (cannot be undone)")
  boolean purge;

  @Override
  public Integer call() {
    return audit()
        .run(
            "remove",
            names.size() == 1 ? names.get(0) : null,
            String.join(", ", names),
            this::remove);
  }

  private int remove() {
    int missing = 0;
    List<String> removed = new ArrayList<>();
    for (String name : names) {
      try {
        clusters().remove(name, purge);
        removed.add(name);
        out().println("cluster/" + name + (purge ? " purged" : " removed"));
        out().flush();
      } catch (NotFoundException e) {
        if (names.size() == 1) {
          throw e;
        }
        error(e.getMessage());
        missing++;
      }
    }
    AutoBroadcast.after(context().env(), removed, this::notice);
    if (missing > 0) {
      throw new NotFoundOfMany(missing + " of " + names.size() + " clusters not found");
    }
    return 0;
  }

  /** The summary when several names were given and some did not exist (exit code 1). */
  static final class NotFoundOfMany extends KnmException {
    NotFoundOfMany(String message) {
      super(message);
    }
  }
}
