package dev.knm.cli.watch;

import static dev.knm.cli.watch.ScreenFixtures.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.watch.NodeEventType;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Curses;
import org.jline.utils.InfoCmp.Capability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The screen's loop on an in-memory JLine terminal: it draws, takes events, answers keys, and puts
 * the terminal back on q, Ctrl-C and errors. (The real terminal, in tmux: WatchScreenTmuxTest.)
 */
class WatchScreenTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final ExecutorService runner = Executors.newSingleThreadExecutor();
  private PipedOutputStream keyboard;
  private ExternalTerminal terminal;
  private FakeWatchSource source;
  private String attributesBefore;
  private WatchScreen screen;
  private volatile boolean stop;

  @BeforeEach
  void open() throws Exception {
    keyboard = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keyboard, 4096);
    terminal = new ExternalTerminal("test", "xterm-256color", in, output, StandardCharsets.UTF_8);
    terminal.setSize(new Size(100, 30));
    attributesBefore = terminal.getAttributes().toString();
    source = new FakeWatchSource(ScreenRendererTest.twoClusters());
  }

  @AfterEach
  void close() throws Exception {
    runner.shutdownNow();
    terminal.close();
  }

  private Future<WatchScreen.Outcome> start() {
    screen = new WatchScreen(terminal, source, Clock.system(ZoneOffset.UTC));
    return runner.submit(() -> screen.run(() -> stop));
  }

  private String frame() {
    return String.join("\n", screen.lastFrame().stream().map(AttributedString::toString).toList());
  }

  private void awaitFrame(Predicate<String> p, String what) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      if (p.test(frame())) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the screen never showed " + what + "; it shows:\n" + frame());
  }

  private String output() {
    synchronized (output) {
      return output.toString(StandardCharsets.UTF_8);
    }
  }

  private void awaitOutput(Predicate<String> p, String what) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      if (p.test(output())) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the screen never showed " + what + "; output:\n" + output());
  }

  private void type(String keys) throws Exception {
    keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
  }

  private String cap(Capability c) {
    StringWriter w = new StringWriter();
    Curses.tputs(w, terminal.getStringCapability(c));
    return w.toString();
  }

  private void assertRestored() {
    String out = output();
    assertThat(out).startsWith(cap(Capability.enter_ca_mode));
    assertThat(out)
        .endsWith(
            cap(Capability.exit_attribute_mode)
                + cap(Capability.cursor_normal)
                + cap(Capability.keypad_local)
                + cap(Capability.exit_ca_mode));
    assertThat(terminal.getAttributes().toString()).isEqualTo(attributesBefore);
    assertThat(source.listeners()).isZero();
  }

  @Test
  void drawsShowsEventsAnswersKeysAndRestoresTheTerminalOnQ() throws Exception {
    // given the screen up
    Future<WatchScreen.Outcome> run = start();
    awaitFrame(f -> f.contains("NODES of lab (3)"), "the nodes of lab");
    assertThat(terminal.getAttributes().toString()).isNotEqualTo(attributesBefore); // raw mode

    // when a node changes, and Tab selects the next cluster
    source.emit(
        change(
            "lab", "lab-3", NodeEventType.TAINT_ADDED, "gpu:NoSchedule", null, "", Duration.ZERO));
    awaitFrame(f -> f.contains("lab-3  taint gpu:NoSchedule added"), "the change");
    type("\t");
    awaitFrame(f -> f.contains("NODES of edge (1)"), "the nodes of edge");

    // when q
    type("q");

    // then the screen ends and the terminal is as it was
    assertThat(run.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(WatchScreen.Outcome.QUIT);
    assertRestored();
  }

  @Test
  void ctrlCEndsTheScreenAsInterruptedAndRestoresTheTerminal() throws Exception {
    Future<WatchScreen.Outcome> run = start();
    awaitFrame(f -> f.contains("NODES of lab"), "the nodes");

    type("\u0003"); // the terminal's VINTR: SIGINT for the screen

    assertThat(run.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isEqualTo(WatchScreen.Outcome.INTERRUPTED);
    assertRestored();
  }

  @Test
  void aStopRequestEndsTheScreenAndRestoresTheTerminal() throws Exception {
    Future<WatchScreen.Outcome> run = start();
    awaitFrame(f -> f.contains("NODES of lab"), "the nodes");

    stop = true; // what SIGTERM does through knm watch's StopSignals

    assertThat(run.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(WatchScreen.Outcome.STOPPED);
    assertRestored();
  }

  @Test
  void anErrorWhileDrawingRestoresTheTerminalAndPropagates() throws Exception {
    Future<WatchScreen.Outcome> run = start();
    awaitFrame(f -> f.contains("NODES of lab"), "the nodes");

    source.failure = new IllegalStateException("snapshot failed");
    type("\t");

    assertThatThrownBy(() -> run.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("snapshot failed");
    assertRestored();
  }

  @Test
  void aResizeRedrawsTheWholeScreenAtTheNewSize() throws Exception {
    Future<WatchScreen.Outcome> run = start();
    awaitFrame(f -> f.contains("NODES of lab"), "the nodes");
    int before = output().length();

    terminal.setSize(new Size(60, 20));
    terminal.raise(org.jline.terminal.Terminal.Signal.WINCH);

    String clear = cap(Capability.clear_screen);
    awaitFrame(f -> f.startsWith(" knm watch") && f.lines().count() == 20, "20 lines");
    awaitOutput(o -> o.substring(before).contains(clear), "a cleared screen");
    // the title bar now ends at 60 columns
    assertThat(screen.lastFrame()).allMatch(l -> l.columnLength() <= 60);
    assertThat(screen.lastFrame().get(0).columnLength()).isEqualTo(60);
    type("q");
    assertThat(run.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(WatchScreen.Outcome.QUIT);
  }

  @Test
  void logLinesWrittenWhileTheScreenIsUpAreWrittenAfterIt() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    PrintStream testErr = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    System.setErr(testErr);
    try {
      Future<WatchScreen.Outcome> run = start();
      awaitFrame(f -> f.contains("NODES of lab"), "the nodes");

      System.err.println("WARN slow call");
      assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
      type("q");
      run.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(System.err).isSameAs(testErr);
      assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEqualTo("WARN slow call\n");
      assertThat(output()).doesNotContain("WARN slow call");
    } finally {
      System.setErr(err);
    }
  }
}
