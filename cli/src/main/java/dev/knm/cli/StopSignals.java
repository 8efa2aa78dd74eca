package dev.knm.cli;

import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM while a long command runs (a watch, the demo): instead of the JVM's default
 * (exit at once, shutdown hooks racing the work and a half-written batch), they only ask the
 * command to end; it then stops in order, writes what is left to the store and exits 0 for SIGTERM
 * (the normal way a service is stopped) or 130 for SIGINT (Ctrl-C, as docs/exit-codes.md says).
 * With {@link #installSecondExits()} a second signal exits at once (130; shutdown hooks run), for a
 * user who does not want to wait. The JVM's handlers come back when the command ends.
 */
public final class StopSignals implements AutoCloseable {
  private final AtomicReference<String> received = new AtomicReference<>();
  private SignalHandler previousInt;
  private SignalHandler previousTerm;

  /** Signals only ask to stop. */
  public static StopSignals install() {
    return install(false);
  }

  /** The first signal asks to stop; a second exits the JVM with 130. */
  public static StopSignals installSecondExits() {
    return install(true);
  }

  private static StopSignals install(boolean secondExits) {
    StopSignals s = new StopSignals();
    SignalHandler h =
        sig -> {
          if (!s.received.compareAndSet(null, sig.getName()) && secondExits) {
            System.exit(ExitCodes.INTERRUPTED);
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

  /** "INT", "TERM", or null while none came. */
  public String received() {
    return received.get();
  }

  /** Whether a signal came. */
  public boolean stopAsked() {
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
