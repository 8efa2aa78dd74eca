package dev.knm.cli.watch;

import dev.knm.watch.ClusterSnapshot;
import dev.knm.watch.WatchEngine;
import dev.knm.watch.WatchEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.Terminal.SignalHandler;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The interactive watch screen on a JLine terminal: raw mode, the alternate screen, no cursor; keys
 * read with {@link ScreenKeys}' bindings; the screen drawn by {@link ScreenRenderer} through
 * JLine's {@link Display} (which sends only what changed, with the terminal's own capabilities).
 *
 * <p>One thread (the caller's) reads keys, takes in the events the engine's threads queued, and
 * redraws: at once after a key or a resize, within {@value #EVENT_FRAME_MS} ms of events, and once
 * a second (ages and highlights move on with the clock). The engine's threads only add to a queue,
 * so a slow terminal never holds an informer back.
 *
 * <p>The terminal is put back as it was (attributes, main screen, cursor, keypad mode) when the
 * screen ends: on q, on Ctrl-C (SIGINT ends the screen, {@link Outcome#INTERRUPTED}), on a stop
 * request (knm watch turns SIGTERM into one), on an error, and from a shutdown hook when the JVM
 * ends some other way (SIGHUP, or SIGTERM where nobody asks for a stop). Ctrl-Z is ignored: a
 * stopped screen would leave the shell in raw mode on the alternate screen. Log lines written to
 * stderr while the screen is up are held and written after it (they would break the picture).
 */
public final class WatchScreen {
  /** How the screen ended. */
  public enum Outcome {
    /** The user quit (q). */
    QUIT,
    /** Ctrl-C (SIGINT). */
    INTERRUPTED,
    /** The terminal's input ended. */
    INPUT_CLOSED,
    /** Asked to stop from outside (SIGTERM). */
    STOPPED
  }

  private static final long TICK_MS = 100;

  /** Redraws for events at most this often: a burst of changes costs a few frames, not one each. */
  private static final long EVENT_FRAME_MS = 250;

  /** And at least this often: ages and highlights move on with the clock. */
  private static final long REFRESH_MS = 1000;

  private final Terminal terminal;
  private final WatchSource source;
  private final ScreenRenderer renderer;
  private final Clock clock;
  private final ScreenState state = new ScreenState();
  private final ConcurrentLinkedQueue<WatchEvent> inbox = new ConcurrentLinkedQueue<>();
  private final Object output = new Object();
  private final AtomicBoolean restored = new AtomicBoolean();

  /** Events arrived since the last frame. */
  private volatile boolean dirty = true;

  private volatile boolean resized;
  private volatile boolean interrupted;
  private volatile List<AttributedString> lastFrame = List.of();

  private BooleanSupplier stopRequested = () -> false;
  private Attributes savedAttributes;
  private SignalHandler savedInt;
  private SignalHandler savedWinch;
  private SignalHandler savedTstp;
  private PrintStream savedErr;
  private BoundedOutput heldErr;

  public WatchScreen(Terminal terminal, WatchSource source, ScreenRenderer renderer, Clock clock) {
    this.terminal = terminal;
    this.source = source;
    this.renderer = renderer;
    this.clock = clock;
  }

  public WatchScreen(Terminal terminal, WatchSource source, Clock clock) {
    this(
        terminal,
        source,
        new ScreenRenderer(clock.getZone(), ScreenRenderer.DEFAULT_HIGHLIGHT),
        clock);
  }

  /**
   * Shows the screen until q, Ctrl-C or the end of input; the terminal is restored before this
   * returns or throws.
   */
  public Outcome run() {
    return run(() -> false);
  }

  /**
   * As {@link #run()}, and ends with {@link Outcome#STOPPED} once {@code stopRequested} says so
   * (checked every {@value #TICK_MS} ms).
   */
  public Outcome run(BooleanSupplier stopRequested) {
    this.stopRequested = stopRequested;
    Thread hook = new Thread(this::restore, "knm-watch-screen-restore");
    Runtime.getRuntime().addShutdownHook(hook);
    try (WatchEngine.Subscription ignored = source.subscribe(this::onEvent)) {
      enter();
      return loop();
    } finally {
      restore();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook has run or runs; restore() runs once
      }
    }
  }

  private void onEvent(WatchEvent e) {
    inbox.add(e);
    dirty = true;
  }

  private void enter() {
    savedAttributes = terminal.enterRawMode();
    savedInt = terminal.handle(Signal.INT, s -> interrupted = true);
    savedWinch = terminal.handle(Signal.WINCH, s -> resized = true);
    savedTstp = terminal.handle(Signal.TSTP, SignalHandler.SIG_IGN);
    holdStderr();
    synchronized (output) {
      terminal.puts(Capability.enter_ca_mode);
      terminal.puts(Capability.keypad_xmit);
      terminal.puts(Capability.cursor_invisible);
      terminal.flush();
    }
  }

  private Outcome loop() {
    Display display = new Display(terminal, true);
    Size size = size();
    display.resize(size.getRows(), size.getColumns());
    display.clear();
    KeyMap<ScreenAction> browsing = ScreenKeys.browsing(terminal);
    KeyMap<ScreenAction> filtering = ScreenKeys.filtering(terminal);
    BindingReader keys = new BindingReader(terminal.reader());
    long lastDraw = 0;
    boolean now = true; // a key or a resize: draw at once
    while (true) {
      if (interrupted) {
        return Outcome.INTERRUPTED;
      }
      if (stopRequested.getAsBoolean()) {
        return Outcome.STOPPED;
      }
      if (resized) {
        resized = false;
        size = size();
        display.resize(size.getRows(), size.getColumns());
        display.clear();
        now = true;
      }
      for (WatchEvent e; (e = inbox.poll()) != null; ) {
        state.record(e);
      }
      long nowMs = System.nanoTime() / 1_000_000;
      long since = nowMs - lastDraw;
      if (now || (dirty && since >= EVENT_FRAME_MS) || since >= REFRESH_MS) {
        now = false;
        dirty = false;
        lastDraw = nowMs;
        draw(display, size);
      }
      int c = keys.peekCharacter(TICK_MS);
      if (c == NonBlockingReader.EOF) {
        return Outcome.INPUT_CLOSED;
      }
      if (c == NonBlockingReader.READ_EXPIRED) {
        continue;
      }
      ScreenAction action = keys.readBinding(state.draft() != null ? filtering : browsing);
      if (action == null) {
        return Outcome.INPUT_CLOSED;
      }
      state.apply(action, keys.getLastBinding(), source.snapshots(), clock.instant());
      if (state.quit()) {
        return Outcome.QUIT;
      }
      if (state.takeRedraw()) {
        display.clear();
      }
      now = true;
    }
  }

  private void draw(Display display, Size size) {
    Instant now = clock.instant();
    List<ClusterSnapshot> clusters = state.shown(source.snapshots());
    List<AttributedString> lines =
        renderer.render(state, clusters, size.getColumns(), size.getRows(), state.shownTime(now));
    synchronized (output) {
      if (restored.get()) {
        return;
      }
      display.update(lines, -1);
      terminal.flush();
      lastFrame = lines;
    }
  }

  private Size size() {
    Size s = terminal.getSize();
    if (s == null || s.getRows() <= 0 || s.getColumns() <= 0) {
      return new Size(80, 24);
    }
    return s;
  }

  /** Puts the terminal back as it was; runs once (the loop's end or the shutdown hook). */
  private void restore() {
    if (!restored.compareAndSet(false, true)) {
      return;
    }
    synchronized (output) {
      try {
        terminal.puts(Capability.exit_attribute_mode);
        terminal.puts(Capability.cursor_normal);
        terminal.puts(Capability.keypad_local);
        terminal.puts(Capability.exit_ca_mode);
        terminal.flush();
      } finally {
        if (savedAttributes != null) {
          terminal.setAttributes(savedAttributes);
        }
        if (savedInt != null) {
          terminal.handle(Signal.INT, savedInt);
          terminal.handle(Signal.WINCH, savedWinch);
          terminal.handle(Signal.TSTP, savedTstp);
        }
        releaseStderr();
      }
    }
  }

  private void holdStderr() {
    savedErr = System.err;
    heldErr = new BoundedOutput(64 * 1024);
    System.setErr(new PrintStream(heldErr, true, StandardCharsets.UTF_8));
  }

  private void releaseStderr() {
    if (savedErr == null) {
      return;
    }
    System.setErr(savedErr);
    savedErr.print(heldErr.text());
    savedErr.flush();
    savedErr = null;
  }

  /** Keeps the first {@code max} bytes written; a flood of log lines cannot fill the heap. */
  private static final class BoundedOutput extends OutputStream {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int max;
    private long dropped;

    BoundedOutput(int max) {
      this.max = max;
    }

    @Override
    public synchronized void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int n = Math.max(0, Math.min(len, max - out.size()));
      out.write(b, off, n);
      dropped += len - n;
    }

    synchronized String text() {
      String s = out.toString(StandardCharsets.UTF_8);
      return dropped == 0 ? s : s + "(" + dropped + " more bytes of log output dropped)\n";
    }
  }

  /** The lines last sent to the terminal (for tests: the terminal's own output is escapes). */
  List<AttributedString> lastFrame() {
    return lastFrame;
  }
}
