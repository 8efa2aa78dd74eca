package dev.knm.cli;

import dev.knm.cli.render.OutputClosedException;
import dev.knm.cli.render.StdoutWriter;
import dev.knm.error.KnmException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns an error into what a user sees: "error: <one line>" on stderr and the
 * documented exit code. Stack traces only with -v.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    Throwable error = unwrap(ex);
    if (error instanceof OutputClosedException) {
      return ExitCodes.of(error); // the reader is done (| head): stop quietly
    }
    String message =
        error instanceof KnmException || error instanceof StdoutWriter.WriteFailedException
            ? error.getMessage()
            : "unexpected " + error.getClass().getSimpleName() + oneLine(error.getMessage());
    err.println("error: " + message);
    if (verbose(commandLine)) {
      error.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.of(error);
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + withoutErrorPrefix(ex.getMessage()));
    err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ExitCodes.USAGE;
  }

  /**
   * picocli starts some of its messages with "Error: " (mutually exclusive options, missing
   * arguments of a group): one "error:" per line is enough.
   */
  static String withoutErrorPrefix(String message) {
    String m = message == null ? "" : message.strip();
    while (m.regionMatches(true, 0, "error:", 0, 6)) {
      m = m.substring(6).strip();
    }
    return m;
  }

  private static Throwable unwrap(Throwable ex) {
    Throwable t = ex;
    while ((t instanceof java.util.concurrent.ExecutionException
            || t instanceof java.util.concurrent.CompletionException
            || t instanceof java.lang.reflect.UndeclaredThrowableException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "";
    }
    int nl = message.indexOf('\n');
    return ": " + (nl < 0 ? message : message.substring(0, nl));
  }

  private static boolean verbose(CommandLine commandLine) {
    Object root = commandLine.getCommandSpec().root().userObject();
    return root instanceof KnmCommand knm && knm.verbosity() > 0;
  }
}
