package dev.knm.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Entry point: sets up logging from -v/-q, then lets picocli parse and run a command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    configureLogging(args);
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code =
        run(args, new KnmContext(System.getenv(), System.in, System.console() != null), out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command in-process: what tests call. Never exits the JVM. */
  public static int run(String[] args, KnmContext context, PrintWriter out, PrintWriter err) {
    try (context) {
      CommandLine cmd = commandLine(context);
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

  static CommandLine commandLine(KnmContext context) {
    CommandLine cmd = new CommandLine(new KnmCommand(context));
    ErrorHandler errors = new ErrorHandler();
    cmd.setExecutionExceptionHandler(errors);
    cmd.setParameterExceptionHandler(errors);
    cmd.setExitCodeExceptionMapper(ExitCodes::of);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    return cmd;
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

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
