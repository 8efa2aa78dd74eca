package dev.knm.cli;

import dev.knm.cli.render.OutputClosedException;
import dev.knm.error.AlreadyExistsException;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.CredentialsRejectedException;
import dev.knm.error.InvalidInputException;
import dev.knm.error.NotFoundException;
import dev.knm.error.PartialFailureException;
import dev.knm.error.StoreException;
import dev.knm.error.UsageException;
import picocli.CommandLine.ParameterException;

/** The documented exit codes (docs/exit-codes.md) and the one mapping from errors to them. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int ERROR = 1;
  public static final int USAGE = 2;
  public static final int PARTIAL = 3;
  public static final int UNREACHABLE = 4;
  public static final int STORE = 5;
  public static final int DRAIN_BLOCKED = 6;
  public static final int INTERRUPTED = 130;
  public static final int CREDENTIALS_REJECTED = 7;

  private ExitCodes() {}

  public static int of(Throwable error) {
    if (error instanceof ParameterException || error instanceof UsageException) {
      return USAGE;
    }
    if (error instanceof OutputClosedException) {
      return OK; // the reader of stdout is done: not a failure of knm's (docs/exit-codes.md)
    }
    if (error instanceof CredentialsRejectedException) {
      return CREDENTIALS_REJECTED;
    }
    if (error instanceof PartialFailureException) {
      return PARTIAL;
    }
    if (error instanceof ClusterUnreachableException) {
      return UNREACHABLE;
    }
    if (error instanceof StoreException) {
      return STORE;
    }
    if (error instanceof InterruptedException || error instanceof Interrupted) {
      return INTERRUPTED;
    }
    if (error instanceof InvalidInputException
        || error instanceof NotFoundException
        || error instanceof AlreadyExistsException) {
      return ERROR;
    }
    return ERROR;
  }
}
