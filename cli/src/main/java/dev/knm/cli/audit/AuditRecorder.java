package dev.knm.cli.audit;

import dev.knm.audit.AuditEntry;
import dev.knm.cli.ExitCodes;
import dev.knm.cli.KnmContext;
import dev.knm.cli.options.GlobalOptions;
import dev.knm.error.AlreadyExistsException;
import dev.knm.error.ErrorText;
import dev.knm.error.InvalidInputException;
import dev.knm.error.KnmException;
import dev.knm.error.NotFoundException;
import dev.knm.error.SecretScrubber;
import dev.knm.error.StoreException;
import dev.knm.error.UsageException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes a mutating command's row to the audit log when it ends: who, what, on which cluster and
 * target, its command line without secrets, and how it ended. A command refused as bad input before
 * it changed anything (a usage error, an unknown cluster or node, an unusable kubeconfig, a name
 * already taken) leaves no row: bad input changes nothing in the store. A row that cannot be
 * written is reported as a warning; the command's own result stands.
 */
public final class AuditRecorder {
  /** How a command ended, for its row. */
  public record Ending(String outcome, int exitCode, String message) {
    public static Ending ok(String message) {
      return new Ending("ok", ExitCodes.OK, message);
    }
  }

  private final KnmContext context;
  private final GlobalOptions global;
  private final String commandLine;
  private final Consumer<String> warnings;

  public AuditRecorder(
      KnmContext context, GlobalOptions global, String commandLine, Consumer<String> warnings) {
    this.context = context;
    this.global = global;
    this.commandLine = commandLine;
    this.warnings = warnings;
  }

  /**
   * Runs {@code action} and records how it ended: "ok" with {@code okMessage} when it returns,
   * "failed" with the error when it throws anything but bad input (rethrown either way).
   */
  public int run(String command, String cluster, String target, Supplier<Integer> action) {
    int code;
    try {
      code = action.get();
    } catch (RuntimeException e) {
      if (!badInput(e)) {
        record(
            command,
            cluster,
            target,
            new Ending(
                "failed",
                ExitCodes.of(e),
                // the store keeps it: one line, scrubbed, as ErrorHandler shows it (an unexpected
                // exception's message may quote a header or a file's contents)
                e instanceof KnmException
                    ? ErrorText.of(e)
                    : e.getClass().getSimpleName() + ": " + ErrorText.of(e)));
      }
      throw e;
    }
    record(command, cluster, target, new Ending(code == 0 ? "ok" : "failed", code, null));
    return code;
  }

  /** Writes one row now. */
  public void record(String command, String cluster, String target, Ending ending) {
    try {
      context
          .auditLog(global)
          .record(
              new AuditEntry(
                  context.operator(),
                  command,
                  cluster,
                  target,
                  commandLine,
                  ending.outcome(),
                  ending.exitCode(),
                  // every message reaches the store as one scrubbed line, whoever built it
                  ending.message() == null
                      ? null
                      : ErrorText.line(ending.message(), SecretScrubber.generic())));
    } catch (RuntimeException e) {
      warnings.accept("warning: the audit log could not be written: " + ErrorText.of(e));
    }
  }

  /** Refused before anything changed: nothing to record. */
  public static boolean badInput(Throwable e) {
    return e instanceof UsageException
        || e instanceof NotFoundException
        || e instanceof InvalidInputException
        || e instanceof AlreadyExistsException
        || e instanceof StoreException
        || e instanceof picocli.CommandLine.ParameterException;
  }
}
