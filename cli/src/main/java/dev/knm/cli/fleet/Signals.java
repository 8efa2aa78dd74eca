package dev.knm.cli.fleet;

import dev.knm.cli.ExitCodes;
import java.util.function.IntConsumer;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT handled by knm instead of the JVM's default (run the shutdown hooks and exit
 * 143 or 130): serve mode shuts down in order and exits 0, as Kubernetes expects of a pod that
 * stopped cleanly.
 */
final class Signals {
  private Signals() {}

  /** Calls {@code handler} with 0 on SIGTERM and 130 on SIGINT, on the JVM's signal thread. */
  static void onTermination(IntConsumer handler) {
    Signal.handle(new Signal("TERM"), s -> handler.accept(ExitCodes.OK));
    Signal.handle(new Signal("INT"), s -> handler.accept(ExitCodes.INTERRUPTED));
  }
}
