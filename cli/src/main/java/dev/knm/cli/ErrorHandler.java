package dev.knm.cli;

import dev.knm.cli.render.OutputClosedException;
import dev.knm.cli.render.StdoutWriter;
import dev.knm.cli.render.TerminalText;
import dev.knm.error.ErrorText;
import dev.knm.error.KnmException;
import dev.knm.error.SecretScrubber;
import java.io.PrintWriter;
import java.io.StringWriter;
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
    // the last line of defence: core scrubs each cluster's own secrets; here anything shaped like
    // a credential goes, and the text is one line that cannot drive the terminal
    String m = error.getMessage();
    String message =
        error instanceof KnmException || error instanceof StdoutWriter.WriteFailedException
            ? ErrorText.of(error)
            : "unexpected "
                + typeName(error)
                + (m == null || m.isBlank() ? "" : ": " + ErrorText.of(error));
    err.println("error: " + message);
    if (verbose(commandLine)) {
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      String scrubbed = SecretScrubber.generic().scrub(trace.toString());
      scrubbed.lines().forEach(l -> err.println(TerminalText.escape(l, true)));
    }
    err.flush();
    return ExitCodes.of(error);
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    // picocli quotes the arguments: a value may hold an escape sequence, or a secret
    err.println(
        "error: " + ErrorText.line(withoutErrorPrefix(ex.getMessage()), SecretScrubber.generic()));
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

  private static String typeName(Throwable error) {
    String name =
        error instanceof SecretScrubber.Scrubbed s ? s.type() : error.getClass().getName();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static boolean verbose(CommandLine commandLine) {
    Object root = commandLine.getCommandSpec().root().userObject();
    return root instanceof KnmCommand knm && knm.verbosity() > 0;
  }
}
