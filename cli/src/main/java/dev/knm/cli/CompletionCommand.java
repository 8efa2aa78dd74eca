package dev.knm.cli;

import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;

@Command(
    name = "completion",
    description = {
      "Print a shell completion script.",
      "  bash: source <(knm completion bash)",
      "  zsh:  autoload -U +X bashcompinit && bashcompinit && source <(knm completion zsh)",
      "  fish: knm completion fish > ~/.config/fish/completions/knm.fish"
    })
public final class CompletionCommand extends BaseCommand {
  enum Shell {
    bash,
    zsh,
    fish
  }

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish")
  Shell shell;

  @Override
  public Integer call() {
    CommandLine top = spec.root().commandLine();
    // picocli's script works in bash, and in zsh through bashcompinit
    String script =
        shell == Shell.fish ? fish(top.getCommandSpec()) : AutoComplete.bash("knm", top);
    out().print(script);
    out().flush();
    return 0;
  }

  static String fish(CommandSpec root) {
    StringBuilder sb = new StringBuilder("# fish completion for knm\n");
    sb.append("complete -c knm -f\n");
    for (Map.Entry<String, CommandLine> e : root.subcommands().entrySet()) {
      CommandSpec sub = e.getValue().getCommandSpec();
      if (!sub.name().equals(e.getKey())) {
        continue; // an alias
      }
      sb.append("complete -c knm -n '__fish_use_subcommand' -a ")
          .append(sub.name())
          .append(" -d ")
          .append(quote(firstLine(sub)))
          .append('\n');
      for (OptionSpec o : sub.options()) {
        sb.append("complete -c knm -n '__fish_seen_subcommand_from ")
            .append(sub.name())
            .append("'");
        for (String n : o.names()) {
          if (n.startsWith("--")) {
            sb.append(" -l ").append(n.substring(2));
          } else if (n.length() == 2) {
            sb.append(" -s ").append(n.substring(1));
          }
        }
        if (o.arity().max() > 0) {
          sb.append(" -r");
        }
        String desc = o.description().length > 0 ? o.description()[0] : "";
        sb.append(" -d ").append(quote(desc)).append('\n');
      }
    }
    return sb.toString();
  }

  private static String firstLine(CommandSpec spec) {
    String[] d = spec.usageMessage().description();
    return d.length == 0 ? "" : d[0];
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
