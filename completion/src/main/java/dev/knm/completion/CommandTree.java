package dev.knm.completion;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Walks a picocli command tree: each command once (aliases name the same command). */
final class CommandTree {
  private CommandTree() {}

  /** Every command of the tree rooted at {@code root}, parents before their subcommands. */
  static List<CommandLine> commands(CommandLine root, boolean withHidden) {
    List<CommandLine> out = new ArrayList<>();
    collect(root, withHidden, out, new IdentityHashMap<>());
    return out;
  }

  private static void collect(
      CommandLine cmd, boolean withHidden, List<CommandLine> out, Map<CommandSpec, Boolean> seen) {
    if (seen.put(cmd.getCommandSpec(), Boolean.TRUE) != null) {
      return;
    }
    out.add(cmd);
    for (CommandLine sub : cmd.getSubcommands().values()) {
      if (withHidden || !sub.getCommandSpec().usageMessage().hidden()) {
        collect(sub, withHidden, out, seen);
      }
    }
  }

  /** The command's words after the root: "" for the root, "list nodes" for `knm list nodes`. */
  static String path(CommandSpec spec) {
    String qualified = spec.qualifiedName(" ");
    int space = qualified.indexOf(' ');
    return space < 0 ? "" : qualified.substring(space + 1);
  }

  /** The one-sentence summary of a command: the first line of its description. */
  static String summary(CommandSpec spec) {
    String[] d = spec.usageMessage().description();
    return d.length == 0 ? "" : d[0];
  }
}
