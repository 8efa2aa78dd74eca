package dev.knm.cli;

import dev.knm.cli.audit.AuditCommand;
import dev.knm.cli.cluster.DescribeCommand;
import dev.knm.cli.cluster.ImportCommand;
import dev.knm.cli.cluster.ListCommand;
import dev.knm.cli.cluster.RemoveCommand;
import dev.knm.cli.cluster.RotateKeyCommand;
import dev.knm.cli.demo.DemoCommand;
import dev.knm.cli.fleet.BroadcastReloadCommand;
import dev.knm.cli.node.CordonCommand;
import dev.knm.cli.node.DrainCommand;
import dev.knm.cli.node.UncordonCommand;
import dev.knm.cli.options.GlobalOptions;
import dev.knm.cli.sandbox.SandboxCommand;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command: global options and the list of commands. */
@Command(
    name = "knm",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = KnmVersion.class,
    description = "Run the nodes of many Kubernetes clusters from one terminal.",
    synopsisSubcommandLabel = "COMMAND")
public final class KnmCommand implements Runnable {
  /**
   * The commands, in help order. Not in {@code @Command(subcommands)}: picocli would build the
   * model of every command (reflection over hundreds of options) on each run; {@link
   * Main#commandLine} adds only the one the arguments name when that is unambiguous.
   */
  static final List<Class<?>> COMMANDS =
      List.of(
          ImportCommand.class,
          ListCommand.class,
          DescribeCommand.class,
          RemoveCommand.class,
          RotateKeyCommand.class,
          CordonCommand.class,
          UncordonCommand.class,
          DrainCommand.class,
          AuditCommand.class,
          dev.knm.cli.watch.WatchCommand.class,
          dev.knm.cli.watch.EventsCommand.class,
          BroadcastReloadCommand.class,
          DemoCommand.class,
          SandboxCommand.class,
          CompletionCommand.class,
          CdsTrainingCommand.class,
          CompleteCommand.class,
          CommandLine.HelpCommand.class);

  /**
   * Global options that mean nothing to a command (by command name): hidden from its help and man
   * page, still accepted (a script may give --store to every command).
   */
  static final Map<String, Set<String>> UNUSED_GLOBAL_OPTIONS =
      Map.of(
          "demo",
          Set.of("--output", "--no-headers"),
          "sandbox",
          Set.of("--store", "--key-file", "--passphrase-file", "--output", "--no-headers"),
          "completion",
          Set.of(
              "--store",
              "--key-file",
              "--passphrase-file",
              "--output",
              "--no-headers",
              "--no-color",
              "--verbose",
              "--quiet"),
          "help",
          Set.of(
              "--store",
              "--key-file",
              "--passphrase-file",
              "--output",
              "--no-headers",
              "--no-color",
              "--verbose",
              "--quiet"));

  private final KnmContext context;

  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  public KnmCommand(KnmContext context) {
    this.context = context;
  }

  public KnmContext context() {
    return context;
  }

  public GlobalOptions global() {
    return global;
  }

  int verbosity() {
    return global == null ? 0 : global.verbose.length;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }
}
