package dev.knm.cli.watch;

import dev.knm.cli.ExitCodes;
import dev.knm.error.UsageException;
import dev.knm.watch.WatchEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * The process's terminal opened for the watch screen: what `knm watch` calls on a terminal (or with
 * --interactive). JLine is loaded only here, so that the other commands' start-up does not pay for
 * it.
 */
public final class InteractiveWatch implements AutoCloseable {
  /**
   * The terminal itself is driven with stty (JLine's exec provider): it changes only the settings
   * that differ and so puts the terminal back exactly. JLine's JNI provider writes a whole termios
   * rebuilt from its own model, which has no line speed or line discipline: after the screen `stty
   * -a` read "speed 0 baud; line = 7" instead of "speed 38400 baud; line = 0" (WatchScreenTmuxTest
   * caught it), and speed 0 means "hang up" on a serial line. Raw mode costs two stty runs on entry
   * and two on exit, nothing while the screen runs.
   */
  private static final String TERMINAL_PROVIDER = "exec";

  /** isatty without a process where the native library loads; else `test -t`. */
  private static final String[] TTY_CHECKS = {"jni", "exec"};

  private final Terminal terminal;

  private InteractiveWatch(Terminal terminal) {
    this.terminal = terminal;
  }

  /** Whether stdin and stdout are both a terminal, as the terminal library sees them. */
  public static boolean available() {
    for (String name : TTY_CHECKS) {
      try {
        TerminalProvider p = TerminalProvider.load(name);
        return p.isSystemStream(SystemStream.Input) && p.isSystemStream(SystemStream.Output);
      } catch (IOException | RuntimeException | LinkageError e) {
        // this provider cannot run here: ask the next
      }
    }
    return false;
  }

  /**
   * Opens the terminal on stdin/stdout.
   *
   * @throws UsageException when they are not a terminal
   */
  public static InteractiveWatch open() {
    if (!available()) {
      throw new UsageException(
          "the interactive screen needs a terminal on stdin and stdout; use --no-interactive");
    }
    try {
      Terminal t =
          TerminalBuilder.builder()
              .name("knm")
              .system(true)
              .systemOutput(TerminalBuilder.SystemOutput.SysOut)
              .provider(TERMINAL_PROVIDER)
              .dumb(false)
              .nativeSignals(true)
              .signalHandler(Terminal.SignalHandler.SIG_DFL)
              .build();
      return new InteractiveWatch(t);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new UsageException(
          "the interactive screen needs a terminal (" + e.getMessage() + "); use --no-interactive");
    }
  }

  /**
   * Shows the screen over {@code engine} until the user quits or {@code stopRequested}.
   *
   * @return the exit code: 0 after q, the end of input or a stop request, 130 after Ctrl-C
   */
  public int run(WatchEngine engine, BooleanSupplier stopRequested) {
    WatchScreen.Outcome outcome =
        new WatchScreen(terminal, WatchSource.of(engine), Clock.systemDefaultZone())
            .run(stopRequested);
    return outcome == WatchScreen.Outcome.INTERRUPTED ? ExitCodes.INTERRUPTED : ExitCodes.OK;
  }

  @Override
  public void close() {
    try {
      terminal.close();
    } catch (IOException e) {
      // the screen already put the terminal back; nothing left to do
    }
  }
}
