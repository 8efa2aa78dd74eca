package dev.knm.cli.node;

import dev.knm.drain.DrainEvent;
import dev.knm.drain.DrainResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

/**
 * On a terminal: the {@link DrainBoard} drawn in place with JLine's {@link Display} (only what
 * changed is redrawn), four times a second and on every event, and left on screen as a clean
 * summary when the drain ends, with its warnings and errors below it. Loaded only when stdout is a
 * terminal: piped and ndjson output never load JLine.
 */
final class LiveDrainDisplay implements DrainOutput {
  private final DrainBoard board = new DrainBoard();
  private final Terminal terminal;
  private final Display display;
  private final ScheduledExecutorService ticker;
  private boolean done;

  private LiveDrainDisplay(Terminal terminal) {
    this.terminal = terminal;
    this.display = new Display(terminal, false);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "knm-drain-display");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::redraw, 250, 250, TimeUnit.MILLISECONDS);
  }

  /** A display on the process's terminal, or null when there is none to draw on. */
  static LiveDrainDisplay open() {
    try {
      // nativeSignals(false): by default JLine sets SIGINT and SIGTERM to the OS default while the
      // terminal is open, which kills the JVM at Ctrl-C without its shutdown hooks (the drain's
      // orderly stop: journal kept, locks released, exit 130); the display needs no signal
      Terminal t = TerminalBuilder.builder().system(true).dumb(false).nativeSignals(false).build();
      if (Terminal.TYPE_DUMB.equals(t.getType()) || t.getWidth() <= 0) {
        t.close();
        return null;
      }
      return new LiveDrainDisplay(t);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void accept(DrainEvent e) {
    board.accept(e);
    redraw();
  }

  private synchronized void redraw() {
    if (done) {
      return;
    }
    draw(board.lines(Instant.now()));
  }

  private void draw(List<String> lines) {
    display.resize(terminal.getHeight(), terminal.getWidth());
    List<AttributedString> shown = new ArrayList<>();
    for (String l : lines) {
      shown.add(
          new AttributedString(
              l.length() > terminal.getWidth() - 1
                  ? l.substring(0, Math.max(0, terminal.getWidth() - 1))
                  : l));
    }
    display.update(shown, -1);
    terminal.flush();
  }

  @Override
  public synchronized void finish(DrainResult result) {
    ticker.shutdownNow();
    if (!done) {
      done = true;
      draw(board.lines(Instant.now()));
      PrintWriter w = terminal.writer();
      w.println();
      for (String m : board.messages()) {
        w.println(m);
      }
      w.flush();
    }
    try {
      terminal.close();
    } catch (IOException ignored) {
      // the process ends anyway
    }
  }
}
