package dev.knm.cli;

import dev.knm.cli.render.OutputClosedException;
import dev.knm.cli.render.StdoutWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Entry point: sets up logging from -v/-q (and keeps Jdbi off the JFR API), then lets picocli parse
 * and run a command.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    configureLogging(args);
    withoutFlightRecorderApi();
    // not System.out: a PrintStream would hide a closed pipe (see StdoutWriter)
    PrintWriter out = new StdoutWriter(new FileOutputStream(FileDescriptor.out));
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    KnmContext context =
        new KnmContext(
            System.getenv(),
            System.in,
            System.console() != null,
            new TerminalPrompt(),
            processStart());
    int code = run(args, context, out, err);
    try {
      out.flush();
    } catch (OutputClosedException | StdoutWriter.WriteFailedException e) {
      // already handled where it happened; nothing more can be written anyway
    }
    err.flush();
    System.exit(code);
  }

  /**
   * When this process started, on the {@link System#nanoTime()} scale: a command's deadline counts
   * JVM start-up too (what a cron job or a user waits for). Now, should the OS not say.
   */
  static long processStart() {
    long now = System.nanoTime();
    return ProcessHandle.current()
        .info()
        .startInstant()
        .map(t -> java.time.Duration.between(t, java.time.Instant.now()))
        .filter(d -> !d.isNegative() && d.compareTo(java.time.Duration.ofMinutes(1)) < 0)
        .map(d -> now - d.toNanos())
        .orElse(now);
  }

  /** Runs one command in-process: what tests call. Never exits the JVM. */
  public static int run(String[] args, KnmContext context, PrintWriter out, PrintWriter err) {
    try (context) {
      CommandLine cmd = commandLine(context, args);
      cmd.setOut(out);
      cmd.setErr(err);
      return cmd.execute(args);
    }
  }

  /** Convenience for tests: environment and stdin given, never a terminal. */
  public static int run(
      String[] args, Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
    return run(args, new KnmContext(env, in, false), out, err);
  }

  /** The full command tree (help, completion). */
  static CommandLine commandLine(KnmContext context) {
    return commandLine(context, null);
  }

  /**
   * The command tree for {@code args}: when they name a command, only that command's subtree (the
   * picocli model of the others costs a third of a second of start-up on a cold JVM and is not
   * needed to parse or run it); else, and for anything unusual, every command.
   */
  static CommandLine commandLine(KnmContext context, String[] args) {
    CommandLine cmd = new CommandLine(new KnmCommand(context));
    if (args != null && args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // prints the version only: no command needed
    } else {
      Class<?> named = args == null ? null : namedCommand(args);
      if (named == CompletionCommand.class || named == CommandLine.HelpCommand.class) {
        named = null; // a completion script describes every command; help may name any
      }
      for (Class<?> command : KnmCommand.COMMANDS) {
        if (named == null || named == command) {
          cmd.addSubcommand(command);
        }
      }
      hideUnusedGlobalOptions(cmd);
    }
    ErrorHandler errors = new ErrorHandler();
    cmd.setExecutionExceptionHandler(errors);
    cmd.setParameterExceptionHandler(errors);
    cmd.setExitCodeExceptionMapper(ExitCodes::of);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    return cmd;
  }

  /** Hides the global options a command has no use for (KnmCommand.UNUSED_GLOBAL_OPTIONS). */
  private static void hideUnusedGlobalOptions(CommandLine root) {
    for (Map.Entry<String, Set<String>> e : KnmCommand.UNUSED_GLOBAL_OPTIONS.entrySet()) {
      CommandLine sub = root.getSubcommands().get(e.getKey());
      if (sub == null) {
        continue;
      }
      CommandSpec spec = sub.getCommandSpec();
      for (OptionSpec o : List.copyOf(spec.options())) {
        if (!o.hidden() && o.inherited() && e.getValue().contains(o.longestName())) {
          spec.remove(o);
          spec.addOption(o.toBuilder().hidden(true).build());
        }
      }
    }
  }

  /** Global options that take a value in the next argument (unless given as --opt=value). */
  private static final Set<String> VALUE_OPTIONS =
      Set.of("--store", "--key-file", "--passphrase-file", "--output");

  /**
   * The command class {@code args} run, or null when that is not plain: an {@code @file} argument,
   * {@code --}, or a first positional that is not a command's name or alias.
   */
  static Class<?> namedCommand(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.isEmpty() || arg.startsWith("@") || arg.equals("--")) {
        return null;
      }
      if (arg.startsWith("--")) {
        if (arg.indexOf('=') < 0 && VALUE_OPTIONS.contains(arg)) {
          i++;
        }
      } else if (arg.startsWith("-")) {
        if (arg.endsWith("o")) {
          i++; // -o, or -o last of clustered short options (-qo): the value follows
        }
      } else {
        for (Class<?> command : KnmCommand.COMMANDS) {
          Command c = command.getAnnotation(Command.class);
          if (c.name().equals(arg) || Arrays.asList(c.aliases()).contains(arg)) {
            return command;
          }
        }
        return null;
      }
    }
    return null;
  }

  /**
   * slf4j-simple reads its configuration once, when the first logger is made, so the verbosity
   * flags are looked at before picocli parses anything.
   */
  private static void configureLogging(String[] args) {
    String level = "warn";
    for (String arg : args) {
      if (arg.equals("--")) {
        break;
      }
      if (arg.equals("-v") || arg.equals("--verbose")) {
        level = "info";
      } else if (arg.equals("-vv")) {
        level = "debug";
      } else if (arg.equals("-q") || arg.equals("--quiet")) {
        level = "error";
      }
    }
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.showLogName", "false");
    setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "false");
  }

  /**
   * Jdbi registers a Flight Recorder event before its first statement, which starts JFR's
   * machinery: 0.1-0.2 s of CPU in a one-shot `knm list` (measured). The JDK's own switch makes the
   * JFR API report "not available" to this process, so Jdbi skips it. It does not apply when a
   * recording is started with the JVM (-XX:StartFlightRecording in KNM_JAVA_OPTS), nor with
   * -Djfr.unsupported.vm=false.
   */
  private static void withoutFlightRecorderApi() {
    setIfAbsent("jfr.unsupported.vm", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
