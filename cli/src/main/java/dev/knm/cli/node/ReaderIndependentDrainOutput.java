package dev.knm.cli.node;

import dev.knm.cli.render.OutputClosedException;
import dev.knm.drain.DrainEvent;
import dev.knm.drain.DrainResult;

/**
 * A drain's output that does not stop the drain when the reader of stdout goes away (`knm drain ...
 * | head -1`): the closed pipe is noted and the drain goes on to its end, journal and audit row
 * included, with its own exit code; its later stdout lines are dropped (stderr still gets its
 * warnings and errors). kubectl is killed by SIGPIPE there, halfway through a node; a drain cut
 * short by its reader would only leave a cordoned, half-drained node to resume.
 */
final class ReaderIndependentDrainOutput implements DrainOutput {
  private final DrainOutput output;
  private volatile boolean readerGone;

  ReaderIndependentDrainOutput(DrainOutput output) {
    this.output = output;
  }

  @Override
  public void accept(DrainEvent e) {
    try {
      output.accept(e); // still called: its stderr lines matter
    } catch (OutputClosedException closed) {
      readerGone = true;
    }
  }

  @Override
  public void finish(DrainResult result) {
    try {
      output.finish(result);
    } catch (OutputClosedException closed) {
      readerGone = true;
    }
  }

  /** Whether stdout was found closed. */
  boolean readerGone() {
    return readerGone;
  }
}
