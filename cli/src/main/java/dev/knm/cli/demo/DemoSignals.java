package dev.knm.cli.demo;

import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM while the demo runs: the first only asks it to stop after the step
 * under way (which then cleans up and exits 130); instead of the JVM's default, which would exit at
 * once with the step's shutdown hooks racing the clean-up. A second one exits at once (the clean-up
 * then runs as a shutdown hook). `knm watch` handles the signals itself while it runs and ends with
 * 130. The JVM's handlers come back when the demo ends.
 */
final class DemoSignals implements AutoCloseable {
  private final AtomicReference<String> received = new AtomicReference<>();
  private SignalHandler previousInt;
  private SignalHandler previousTerm;

  static DemoSignals install() {
    DemoSignals s = new DemoSignals();
    SignalHandler h =
        sig -> {
          if (!s.received.compareAndSet(null, sig.getName())) {
            System.exit(dev.knm.cli.ExitCodes.INTERRUPTED);
          }
        };
    s.previousInt = handle("INT", h);
    s.previousTerm = handle("TERM", h);
    return s;
  }

  private static SignalHandler handle(String name, SignalHandler h) {
    try {
      return Signal.handle(new Signal(name), h);
    } catch (IllegalArgumentException e) {
      return null; // not available here (e.g. the JVM was started with -Xrs)
    }
  }

  /** Whether a signal came. */
  boolean received() {
    return received.get() != null;
  }

  @Override
  public void close() {
    if (previousInt != null) {
      Signal.handle(new Signal("INT"), previousInt);
    }
    if (previousTerm != null) {
      Signal.handle(new Signal("TERM"), previousTerm);
    }
  }
}
