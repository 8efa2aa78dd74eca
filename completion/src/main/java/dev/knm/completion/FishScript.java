package dev.knm.completion;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The fish completion script, made from the same command tree as the bash one: a {@code complete}
 * line per subcommand and option, conditioned on the command path typed so far ({@code __knm_cmd}),
 * enum values listed, files for file options, and {@link DynamicValues} from {@code knm
 * __complete}.
 */
final class FishScript {
  private FishScript() {}

  static String of(CommandLine root) {
    List<CommandLine> commands = CommandTree.commands(root, false);
    Set<String> paths = new LinkedHashSet<>();
    List<String> aliasPaths = new ArrayList<>();
    List<String> aliasTargets = new ArrayList<>();
    Set<String> valueOptions = new LinkedHashSet<>();
    for (CommandLine cmd : commands) {
      String path = CommandTree.path(cmd.getCommandSpec());
      paths.add(path);
      int space = path.lastIndexOf(' ');
      for (String alias : cmd.getCommandSpec().aliases()) {
        aliasPaths.add((space < 0 ? "" : path.substring(0, space + 1)) + alias);
        aliasTargets.add(path);
      }
      for (OptionSpec o : cmd.getCommandSpec().options()) {
        if (o.arity().max() > 0) {
          valueOptions.addAll(List.of(o.names()));
        }
      }
    }
    paths.remove("");
    StringBuilder sb = new StringBuilder();
    sb.append("# fish completion for knm, generated from knm's command spec (do not edit).\n");
    sb.append("# Install: knm completion fish > ~/.config/fish/completions/knm.fish\n\n");
    sb.append("set -g __knm_paths ").append(quoteAll(paths)).append('\n');
    sb.append("set -g __knm_alias_paths ").append(quoteAll(aliasPaths)).append('\n');
    sb.append("set -g __knm_alias_targets ").append(quoteAll(aliasTargets)).append('\n');
    sb.append("set -g __knm_value_options ").append(quoteAll(valueOptions)).append('\n');
    sb.append(FUNCTIONS);
    sb.append("complete -c knm -f\n");
    for (CommandLine cmd : commands) {
      command(sb, cmd);
    }
    return sb.toString();
  }

  private static void command(StringBuilder sb, CommandLine cmd) {
    CommandSpec spec = cmd.getCommandSpec();
    String condition = "-n " + quote("__knm_is " + quote(primaryPath(spec)));
    for (CommandLine sub : new LinkedHashSet<>(cmd.getSubcommands().values())) {
      CommandSpec s = sub.getCommandSpec();
      if (s.usageMessage().hidden()) {
        continue;
      }
      sb.append("complete -c knm ")
          .append(condition)
          .append(" -a ")
          .append(quote(s.name()))
          .append(" -d ")
          .append(quote(CommandTree.summary(s)))
          .append('\n');
    }
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      sb.append("complete -c knm ").append(condition);
      for (String n : o.names()) {
        if (n.startsWith("--")) {
          sb.append(" -l ").append(n.substring(2));
        } else if (n.length() == 2) {
          sb.append(" -s ").append(n.substring(1));
        }
      }
      if (o.arity().max() > 0) {
        sb.append(" -r");
        values(o).ifPresent(v -> sb.append(" -a ").append(v));
      }
      sb.append(" -d ").append(quote(firstLine(o.description()))).append('\n');
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        values(p)
            .ifPresent(
                v -> sb.append("complete -c knm ").append(condition).append(" -a ").append(v));
        if (values(p).isPresent()) {
          sb.append('\n');
        }
      }
    }
  }

  /** The fish argument list of an argument's values, if it has known ones. */
  private static Optional<String> values(ArgSpec arg) {
    Optional<DynamicValues> dynamic = DynamicValues.of(arg);
    if (dynamic.isPresent()) {
      return Optional.of(quote("(__knm_dynamic " + dynamic.get().kind() + ")"));
    }
    if (arg.completionCandidates() != null) {
      List<String> values = new ArrayList<>();
      arg.completionCandidates().forEach(values::add);
      return Optional.of(quote(String.join(" ", values)));
    }
    Class<?> type = arg.typeInfo().isMultiValue() ? arg.auxiliaryTypes()[0] : arg.type();
    if (type == java.io.File.class || type == java.nio.file.Path.class) {
      return Optional.of("'(__fish_complete_path)'");
    }
    return Optional.empty();
  }

  private static String primaryPath(CommandSpec spec) {
    return CommandTree.path(spec);
  }

  private static String firstLine(String[] description) {
    return description.length == 0 ? "" : description[0];
  }

  private static String quoteAll(java.util.Collection<String> words) {
    List<String> quoted = new ArrayList<>();
    words.forEach(w -> quoted.add(quote(w)));
    return String.join(" ", quoted);
  }

  /** A fish single-quoted string: only \ and ' are special inside. */
  static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static final String FUNCTIONS =
      """

      # The command path typed so far ("" for none, "list nodes", ...): the words that extend a
      # known path, skipping options and the values of options that take one. An alias stands for
      # its command ("ls nodes" is "list nodes").
      function __knm_cmd
          set -l path ''
          set -l skip 0
          for t in (commandline -opc)[2..-1]
              if test $skip = 1
                  set skip 0
                  continue
              end
              if contains -- $t $__knm_value_options
                  set skip 1
              else if not string match -q -- '-*' $t
                  set -l next (string trim -- "$path $t")
                  set -l alias (contains -i -- $next $__knm_alias_paths)
                  if test -n "$alias"
                      set path $__knm_alias_targets[$alias]
                  else if contains -- $next $__knm_paths
                      set path $next
                  end
              end
          end
          echo $path
      end

      function __knm_is
          test (__knm_cmd) = "$argv[1]"
      end

      # __knm_dynamic KIND: `knm __complete KIND [CLUSTER | KUBECONFIG]` with the --store, --key-file
      # and --passphrase-file of the line; nothing on any failure.
      function __knm_dynamic
          set -l tokens (commandline -opc)
          set -l args
          set -l cluster ''
          set -l kubeconfig ''
          set -l count (count $tokens)
          for i in (seq 2 (math $count - 1))
              set -l next $tokens[(math $i + 1)]
              switch $tokens[$i]
                  case --store --key-file --passphrase-file
                      set args $args $tokens[$i] $next
                  case -c --cluster
                      set cluster $next
                  case --kubeconfig
                      set kubeconfig $next
              end
          end
          set -l arg
          switch $argv[1]
              case nodes
                  test -n "$cluster"; or return 0
                  set arg $cluster
              case contexts
                  test -n "$kubeconfig"; or return 0
                  set arg $kubeconfig
          end
          $tokens[1] $args __complete $argv[1] $arg 2>/dev/null
      end

      """;
}
