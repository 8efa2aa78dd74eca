package dev.knm.cli.node;

import dev.knm.drain.DrainEvent;
import dev.knm.drain.DrainResult;
import java.util.function.Consumer;

/** How drain progress is shown: a live display, plain lines, or ndjson. */
interface DrainOutput extends Consumer<DrainEvent> {
  /** The drain is over (also after an error): leave the output clean. */
  void finish(DrainResult result);
}
