package dev.knm.cli.render;

/**
 * stdout was closed by its reader (EPIPE: {@code knm list pods -A | head}). Not an error: a
 * streaming command stops at once, its pending requests are cancelled on the way out, and knm exits
 * quietly with code 0 (docs/exit-codes.md).
 */
public final class OutputClosedException extends RuntimeException {
  public OutputClosedException() {
    super("stdout was closed by its reader", null, false, false);
  }
}
