package dev.knm.cli.watch;

import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM while a watch runs: instead of the JVM's default (exit at once, shutdown hooks
 * racing the informers and a half-written batch), they only ask the watch to end; it then stops its
 * informers, writes what is left to the store and exits 0 for SIGTERM (the normal way a service is
 * stopped) or 130 for SIGINT (Ctrl-C, as docs/exit-codes.md says). The JVM's handlers come back
 * when the watch ends.
 */
final class StopSignals implements AutoCloseable {
  private final AtomicReference<String> received = new AtomicReference<>();
  private SignalHandler previousInt;
  private SignalHandler previousTerm;

  static StopSignals install() {
    StopSignals s = new StopSignals();
    SignalHandler h = sig -> s.received.compareAndSet(null, sig.getName());
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

  /** "INT", "TERM", or null while none came. */
  String received() {
    return received.get();
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
