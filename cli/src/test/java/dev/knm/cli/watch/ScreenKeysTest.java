package dev.knm.cli.watch;

import static dev.knm.cli.watch.ScreenFixtures.NOW;
import static dev.knm.cli.watch.ScreenFixtures.node;
import static dev.knm.cli.watch.ScreenFixtures.synced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.kube.model.NodeSummary;
import dev.knm.watch.ClusterSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.jline.utils.NonBlocking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keys as a terminal sends them, read through the screen's bindings into its state. */
class ScreenKeysTest {
  private static final List<ClusterSnapshot> CLUSTERS = clusters();

  private final Terminal terminal;
  private final KeyMap<ScreenAction> browsing;
  private final KeyMap<ScreenAction> filtering;

  ScreenKeysTest() throws Exception {
    terminal =
        new ExternalTerminal(
            "test",
            "xterm-256color",
            new ByteArrayInputStream(new byte[0]),
            new ByteArrayOutputStream(),
            StandardCharsets.UTF_8);
    browsing = ScreenKeys.browsing(terminal);
    filtering = ScreenKeys.filtering(terminal);
  }

  @AfterEach
  void close() throws Exception {
    terminal.close();
  }

  private static List<ClusterSnapshot> clusters() {
    List<NodeSummary> many = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      many.add(node("n-" + i, true, false, "worker", 0));
    }
    return List.of(synced("a", many), synced("b", List.of()), synced("c", List.of()));
  }

  /** Types {@code keys} on a fresh screen state, the way the screen's loop reads them. */
  private ScreenState type(String keys) {
    ScreenState s = new ScreenState();
    BindingReader reader =
        new BindingReader(NonBlocking.nonBlocking("keys", new StringReader(keys)));
    ScreenAction a;
    while ((a = reader.readBinding(s.draft() != null ? filtering : browsing)) != null) {
      s.apply(a, reader.getLastBinding(), CLUSTERS, NOW);
    }
    return s;
  }

  private String selected(String keys) {
    return type(keys).selectedCluster(CLUSTERS);
  }

  @Test
  void tabArrowsAndVimKeysSwitchClusterAndWrapAround() {
    assertThat(selected("")).isEqualTo("a");
    assertThat(selected("\t")).isEqualTo("b");
    assertThat(selected("\t\t\t")).isEqualTo("a");
    assertThat(selected("\u001b[Z")).isEqualTo("c"); // Shift-Tab
    assertThat(selected("\u001b[C")).isEqualTo("b"); // Right, normal mode
    assertThat(selected("\u001bOC\u001bOC")).isEqualTo("c"); // Right, application mode
    assertThat(selected("\u001b[D")).isEqualTo("c"); // Left
    assertThat(selected("\u001bOD\u001bOD")).isEqualTo("b");
    assertThat(selected("l")).isEqualTo("b");
    assertThat(selected("h")).isEqualTo("c");
  }

  @Test
  void digitsPickAClusterByNumberAndIgnoreNumbersWithoutOne() {
    assertThat(selected("3")).isEqualTo("c");
    assertThat(selected("32")).isEqualTo("b");
    assertThat(selected("29")).isEqualTo("b");
  }

  @Test
  void slashTypesAFilterAndEnterKeepsIt() {
    ScreenState s = type("/gpu\r");

    assertThat(s.filter()).isEqualTo("gpu");
    assertThat(s.draft()).isNull();
  }

  @Test
  void whileTypingAFilterKeysAreText() {
    // q, p, digits, ? and / are part of the filter, not commands
    ScreenState s = type("/q p?3/\r");

    assertThat(s.filter()).isEqualTo("q p?3/");
    assertThat(s.quit()).isFalse();
    assertThat(s.paused()).isFalse();
    assertThat(s.help()).isFalse();
    assertThat(s.selectedCluster(CLUSTERS)).isEqualTo("a");
  }

  @Test
  void theFilterAppliesWhileItIsTyped() {
    ScreenState s = type("/gp");

    assertThat(s.draft()).isEqualTo("gp");
    assertThat(s.filter()).isEqualTo("gp");
  }

  @Test
  void backspaceAndCtrlUEditTheFilter() {
    assertThat(type("/gpx\u007fu\r").filter()).isEqualTo("gpu");
    assertThat(type("/gpx\bu\r").filter()).isEqualTo("gpu");
    assertThat(type("/abc\u0015d\r").filter()).isEqualTo("d");
  }

  @Test
  void escCancelsTypingAndKeepsTheFilterBefore() {
    // (a lone Esc is told from an arrow key by the next key or a short wait: here the next key)
    ScreenState s = type("/gpu\r/xyz\u001bx");

    assertThat(s.filter()).isEqualTo("gpu");
    assertThat(s.draft()).isNull();
  }

  @Test
  void escWhileBrowsingClearsTheFilter() {
    assertThat(type("/gpu\r\u001bx").filter()).isEmpty();
  }

  @Test
  void questionMarkTogglesHelpAndEscClosesIt() {
    assertThat(type("?").help()).isTrue();
    assertThat(type("??").help()).isFalse();
    assertThat(type("?\u001bx").help()).isFalse();
  }

  @Test
  void helpClosesAndKeepsTheFilterOnEsc() {
    ScreenState s = type("/gpu\r?\u001bx");

    assertThat(s.help()).isFalse();
    assertThat(s.filter()).isEqualTo("gpu");
  }

  @Test
  void pOrSpacePausesAndResumes() {
    assertThat(type("p").paused()).isTrue();
    assertThat(type("P").paused()).isTrue();
    assertThat(type(" ").paused()).isTrue();
    assertThat(type("p ").paused()).isFalse();
  }

  @Test
  void qQuits() {
    assertThat(type("q").quit()).isTrue();
    assertThat(type("Q").quit()).isTrue();
    assertThat(type("\t/x\r").quit()).isFalse();
  }

  @Test
  void cursorKeysAndVimKeysScroll() {
    // 30 nodes: the renderer allows scrolling; the state only counts here
    assertThat(type("\u001b[B\u001b[B\u001bOA").nodeScroll()).isEqualTo(1);
    assertThat(type("jjjk").nodeScroll()).isEqualTo(2);
    assertThat(type("k").nodeScroll()).isZero();
    assertThat(type("jjj\u001b[H").nodeScroll()).isZero(); // Home
    assertThat(type("jjjg").nodeScroll()).isZero();
    assertThat(type("\u001b[6~").nodeScroll()).isEqualTo(1); // a page: 1 row until drawn
    assertThat(type("G").nodeScroll()).isEqualTo(Integer.MAX_VALUE); // the renderer clamps it
  }

  @Test
  void keysWithoutAMeaningChangeNothing() {
    ScreenState s = type("xyz\u001b[15~");

    assertThat(s.selectedCluster(CLUSTERS)).isEqualTo("a");
    assertThat(s.filter()).isEmpty();
    assertThat(s.quit()).isFalse();
    assertThat(s.help()).isFalse();
    assertThat(s.paused()).isFalse();
  }

  @Test
  void ctrlLAsksForARedrawOnce() {
    ScreenState s = type("\u000c");

    assertThat(s.takeRedraw()).isTrue();
    assertThat(s.takeRedraw()).isFalse();
  }
}
