package dev.knm.cli.watch;

import static dev.knm.cli.watch.ScreenFixtures.NOW;
import static dev.knm.cli.watch.ScreenFixtures.change;
import static dev.knm.cli.watch.ScreenFixtures.connection;
import static dev.knm.cli.watch.ScreenFixtures.node;
import static dev.knm.cli.watch.ScreenFixtures.state;
import static dev.knm.cli.watch.ScreenFixtures.synced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.kube.model.NodeSummary;
import dev.knm.watch.ClusterSnapshot;
import dev.knm.watch.ConnectionState;
import dev.knm.watch.NodeEventType;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

/** The screen drawn for a fixed state, size and time: exact lines, and the styles that matter. */
class ScreenRendererTest {
  private static final String TITLE_120 =
      " knm watch  2 clusters  10:00:00" + " ".repeat(73) + "? help  q quit ";
  private static final String KEYS =
      "q quit  p pause  / filter  Tab/1-9 cluster  Up/Down scroll  ? help";

  private final ScreenRenderer renderer =
      new ScreenRenderer(ZoneOffset.UTC, Duration.ofSeconds(30));

  /** lab: 3 nodes (one cordoned, one NotReady), synced; edge: 1 node, reconnecting. */
  static List<ClusterSnapshot> twoClusters() {
    ClusterSnapshot lab =
        synced(
            "lab",
            List.of(
                node("lab-1", true, false, "control-plane", 1),
                node("lab-2", true, true, "worker", 0),
                node("lab-3", false, false, "worker", 0)));
    ClusterSnapshot edge =
        state(
            synced("edge", List.of(node("edge-1", true, false, "worker", 0))),
            ConnectionState.RECONNECTING,
            true,
            "connection refused");
    return List.of(lab, edge);
  }

  /** A label change 3 minutes ago, edge reconnecting 20 s ago, a cordon 5 s ago. */
  static ScreenState withChanges() {
    ScreenState s = new ScreenState();
    s.record(
        change(
            "lab",
            "lab-1",
            NodeEventType.LABEL_CHANGED,
            "team",
            "a",
            "web",
            Duration.ofMinutes(3)));
    s.record(
        connection(
            "edge",
            ConnectionState.SYNCED,
            ConnectionState.RECONNECTING,
            "connection refused",
            Duration.ofSeconds(20)));
    s.record(
        change(
            "lab",
            "lab-2",
            NodeEventType.CORDONED,
            "unschedulable",
            "false",
            "true",
            Duration.ofSeconds(5)));
    return s;
  }

  static List<String> text(List<AttributedString> lines) {
    return lines.stream().map(AttributedString::toString).toList();
  }

  private static AttributedString lineWith(List<AttributedString> lines, String text) {
    return lines.stream()
        .filter(l -> l.toString().contains(text))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line with " + text));
  }

  @Test
  void showsTheClustersTheSelectedClustersNodesAndTheChangeLog() {
    // given two clusters and three changes
    List<ClusterSnapshot> clusters = twoClusters();

    // when drawn on 120x24
    List<AttributedString> lines = renderer.render(withChanges(), clusters, 120, 24, NOW);

    // then
    assertThat(text(lines))
        .containsExactly(
            TITLE_120,
            "  #  CLUSTER  STATE         NODES  READY  NOTREADY  CORDONED  VERSION  LAST ERROR",
            "> 1  lab      synced            3      2         1         1  v1.32.3",
            "  2  edge     reconnecting      1      1         0         0  v1.32.3  connection refused",
            "",
            "NODES of lab (3)",
            "   NAME   STATUS                    ROLES          VERSION  TAINTS  AGE    LAST CHANGE",
            "   lab-1  Ready                     control-plane  v1.32.3       1  12d  "
                + "  label team: a → web (3m ago)",
            "*  lab-2  Ready,SchedulingDisabled  worker         v1.32.3       0  12d  "
                + "  cordoned (5s ago)",
            "   lab-3  NotReady                  worker         v1.32.3       0  12d",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "CHANGES (3)",
            "09:57:00  lab   lab-1  label team: a → web",
            "09:59:40  edge  reconnecting: connection refused (retry in 4s)",
            "09:59:55  lab   lab-2  cordoned",
            "",
            "",
            KEYS);
    // and the node changed 5 s ago is highlighted (bold yellow), the one changed 3 min ago not
    AttributedString cordoned = lineWith(lines, "lab-2  Ready,");
    assertThat(cordoned.styleAt(0)).isEqualTo(ScreenRenderer.CHANGED);
    assertThat(cordoned.styleAt(cordoned.length() - 1)).isEqualTo(ScreenRenderer.CHANGED);
    assertThat(lineWith(lines, "lab-1  Ready").styleAt(3)).isEqualTo(AttributedStyle.DEFAULT);
    // and so is its line in the log
    assertThat(lineWith(lines, "09:59:55").styleAt(0)).isEqualTo(ScreenRenderer.CHANGED);
    assertThat(lineWith(lines, "09:57:00").styleAt(0)).isEqualTo(AttributedStyle.DEFAULT);
    // and the title is a bar, the selected cluster bold, NotReady in red
    assertThat(lines.get(0).styleAt(0)).isEqualTo(AttributedStyle.INVERSE);
    assertThat(lines.get(2).styleAt(0)).isEqualTo(AttributedStyle.BOLD);
    assertThat(lines.get(3).styleAt(0)).isEqualTo(AttributedStyle.DEFAULT);
    AttributedString notReady = lineWith(lines, "lab-3");
    assertThat(notReady.styleAt(notReady.toString().indexOf("NotReady")))
        .isEqualTo(AttributedStyle.DEFAULT.foreground(AttributedStyle.RED));
  }

  @Test
  void aChangeOlderThanTheHighlightWindowIsNoLongerMarked() {
    // given the cordon of 5 s ago, drawn 26 s later (31 s after it)
    List<AttributedString> lines =
        renderer.render(withChanges(), twoClusters(), 120, 24, NOW.plusSeconds(26));

    // then lab-2 keeps its last change, unmarked and plain
    AttributedString cordoned = lineWith(lines, "lab-2  Ready,");
    assertThat(cordoned.toString())
        .isEqualTo(
            "   lab-2  Ready,SchedulingDisabled  worker         v1.32.3       0  12d  "
                + "  cordoned (31s ago)");
    assertThat(cordoned.styleAt(3)).isEqualTo(AttributedStyle.DEFAULT);
  }

  @Test
  void aFilterNarrowsTheNodesAndTheLogWhileItIsTyped() {
    // given "/" then LAB-2 typed (matching ignores case)
    List<ClusterSnapshot> clusters = twoClusters();
    ScreenState s = withChanges();
    s.apply(ScreenAction.FILTER, "/", clusters, NOW);
    for (char c : "LAB-2".toCharArray()) {
      s.apply(ScreenAction.INSERT, String.valueOf(c), clusters, NOW);
    }

    // when drawn
    List<AttributedString> lines = renderer.render(s, clusters, 120, 24, NOW);

    // then only lab-2, its log line, and the filter being typed on the last line
    assertThat(text(lines).subList(5, 8))
        .containsExactly(
            "NODES of lab (1 of 3 match \"LAB-2\")",
            "   NAME   STATUS                    ROLES   VERSION  TAINTS  AGE    LAST CHANGE",
            "*  lab-2  Ready,SchedulingDisabled  worker  v1.32.3       0  12d    cordoned (5s ago)");
    assertThat(text(lines).subList(8, 17)).containsOnly("");
    assertThat(text(lines).subList(17, 24))
        .containsExactly(
            "CHANGES (3) matching \"LAB-2\"",
            "09:59:55  lab   lab-2  cordoned",
            "",
            "",
            "",
            "",
            "/LAB-2    Enter: keep  Esc: cancel  Backspace: erase");
    // and the cursor is a block after the text
    assertThat(lines.get(23).styleAt(6)).isEqualTo(AttributedStyle.INVERSE);
  }

  @Test
  void aFilterThatMatchesNothingSaysSo() {
    List<ClusterSnapshot> clusters = twoClusters();
    ScreenState s = withChanges();
    s.apply(ScreenAction.FILTER, "/", clusters, NOW);
    s.apply(ScreenAction.INSERT, "x", clusters, NOW);
    s.apply(ScreenAction.ACCEPT, "\r", clusters, NOW);

    List<String> lines = text(renderer.render(s, clusters, 120, 24, NOW));

    assertThat(lines.subList(5, 8))
        .containsExactly(
            "NODES of lab (0 of 3 match \"x\")",
            "   NAME  STATUS  ROLES  VERSION  TAINTS  AGE    LAST CHANGE",
            "  no node matches \"x\"");
    assertThat(lines.subList(17, 19)).containsExactly("CHANGES (3) matching \"x\"", "  none match");
    assertThat(lines.get(23)).isEqualTo("filter: x (Esc clears)  " + KEYS);
  }

  @Test
  void theNextClusterShowsItsNodesAndThatTheyAreTheLastKnownState() {
    List<ClusterSnapshot> clusters = twoClusters();
    ScreenState s = withChanges();
    s.apply(ScreenAction.NEXT_CLUSTER, "\t", clusters, NOW);

    List<String> lines = text(renderer.render(s, clusters, 120, 24, NOW));

    assertThat(lines.subList(2, 9))
        .containsExactly(
            "  1  lab      synced            3      2         1         1  v1.32.3",
            "> 2  edge     reconnecting      1      1         0         0  v1.32.3  connection refused",
            "",
            "NODES of edge (1)  reconnecting: last known state",
            "   NAME    STATUS  ROLES   VERSION  TAINTS  AGE    LAST CHANGE",
            "   edge-1  Ready   worker  v1.32.3       0  12d",
            "");
  }

  @Test
  void aClusterNotListedYetShowsDashesAndWaits() {
    List<ClusterSnapshot> clusters =
        List.of(state(synced("new", List.of()), ConnectionState.CONNECTING, false, null));

    List<String> lines = text(renderer.render(new ScreenState(), clusters, 80, 12, NOW));

    assertThat(lines)
        .containsExactly(
            " knm watch  1 cluster  10:00:00" + " ".repeat(34) + "? help  q quit ",
            "  #  CLUSTER  STATE         NODES  READY  NOTREADY  CORDONED  VERSION  LAST ERRO",
            "> 1  new      connecting        -      -         -         -  v1.32.3",
            "",
            "NODES of new (0)  connecting",
            "   NAME  STATUS  ROLES  VERSION  TAINTS  AGE    LAST CHANGE",
            "  waiting for the first list",
            "",
            "CHANGES (0)",
            "  no changes yet",
            "",
            KEYS);
  }

  @Test
  void helpReplacesTheBody() {
    ScreenState s = withChanges();
    s.apply(ScreenAction.HELP, "?", twoClusters(), NOW);

    List<String> lines = text(renderer.render(s, twoClusters(), 120, 24, NOW));

    assertThat(lines.subList(1, 17))
        .containsExactly(
            "KEYS",
            "  q            quit (Ctrl-C too)",
            "  p, Space     pause / resume the screen (changes that come meanwhile wait)",
            "  /            filter nodes and changes by text (Enter keeps it, Esc cancels)",
            "  Esc          clear the filter, close this help",
            "  Tab, Right   next cluster (also l)",
            "  S-Tab, Left  previous cluster (also h)",
            "  1-9          cluster by number",
            "  Up, Down     scroll the node list (also k, j)",
            "  PgUp, PgDn   scroll the node list by a page",
            "  Home, End    top, bottom of the node list (also g, G)",
            "  Ctrl-L       redraw",
            "  ?            this help",
            "",
            "  Nodes marked * changed in the last 30s; the change log is newest last.",
            "  Press ? or Esc to close this help.");
    assertThat(lines.subList(17, 23)).containsOnly("");
  }

  @Test
  void aLongNodeListScrollsByPageToTheEnd() {
    // given 50 nodes on 80x20: 8 rows for nodes
    List<NodeSummary> nodes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      nodes.add(node(String.format("n-%02d", i), true, false, "worker", 0));
    }
    List<ClusterSnapshot> big = List.of(synced("big", nodes));
    ScreenState s = new ScreenState();
    List<String> first = text(renderer.render(s, big, 80, 20, NOW));
    assertThat(first.get(4)).isEqualTo("NODES of big (50)  [1-8 of 50]");
    assertThat(first.subList(6, 15))
        .containsExactly(
            "   n-00  Ready   worker  v1.32.3       0  12d",
            "   n-01  Ready   worker  v1.32.3       0  12d",
            "   n-02  Ready   worker  v1.32.3       0  12d",
            "   n-03  Ready   worker  v1.32.3       0  12d",
            "   n-04  Ready   worker  v1.32.3       0  12d",
            "   n-05  Ready   worker  v1.32.3       0  12d",
            "   n-06  Ready   worker  v1.32.3       0  12d",
            "   n-07  Ready   worker  v1.32.3       0  12d",
            "CHANGES (0)");

    // when a page down, then a line down
    s.apply(ScreenAction.PAGE_DOWN, "", big, NOW);
    s.apply(ScreenAction.SCROLL_DOWN, "j", big, NOW);
    List<String> second = text(renderer.render(s, big, 80, 20, NOW));
    assertThat(second.get(4)).isEqualTo("NODES of big (50)  [10-17 of 50]");
    assertThat(second.get(6)).isEqualTo("   n-09  Ready   worker  v1.32.3       0  12d");

    // when End, then Down past the end: the last page stays
    s.apply(ScreenAction.BOTTOM, "G", big, NOW);
    renderer.render(s, big, 80, 20, NOW);
    s.apply(ScreenAction.SCROLL_DOWN, "j", big, NOW);
    List<String> last = text(renderer.render(s, big, 80, 20, NOW));
    assertThat(last.get(4)).isEqualTo("NODES of big (50)  [43-50 of 50]");
    assertThat(last.get(13)).isEqualTo("   n-49  Ready   worker  v1.32.3       0  12d");

    // when Up once from there
    s.apply(ScreenAction.SCROLL_UP, "k", big, NOW);
    assertThat(text(renderer.render(s, big, 80, 20, NOW)).get(4))
        .isEqualTo("NODES of big (50)  [42-49 of 50]");
  }

  @Test
  void pauseFreezesClustersLogAndClockUntilResumed() {
    // given paused at NOW
    List<ClusterSnapshot> before = twoClusters();
    ScreenState s = withChanges();
    s.apply(ScreenAction.PAUSE, "p", before, NOW);

    // when a node is uncordoned and the clusters change 10 s later
    s.record(
        change(
            "lab",
            "lab-2",
            NodeEventType.UNCORDONED,
            "unschedulable",
            "true",
            "false",
            Duration.ofSeconds(-9)));
    List<ClusterSnapshot> after = List.of(synced("lab", List.of()), before.get(1));
    List<AttributedString> paused =
        renderer.render(s, s.shown(after), 120, 24, s.shownTime(NOW.plusSeconds(10)));

    // then the screen shows what it showed at the pause, and how many changes wait
    assertThat(paused.get(0).toString())
        .startsWith(" knm watch  2 clusters  10:00:00  PAUSED (1 new)");
    assertThat(text(paused).subList(1, 23))
        .isEqualTo(text(renderer.render(withChanges(), before, 120, 24, NOW)).subList(1, 23));

    // when resumed
    s.apply(ScreenAction.PAUSE, "p", after, NOW.plusSeconds(10));
    List<String> resumed =
        text(renderer.render(s, s.shown(after), 120, 24, s.shownTime(NOW.plusSeconds(10))));

    // then the new state and the held change are shown
    assertThat(resumed.get(0))
        .startsWith(" knm watch  2 clusters  10:00:10 ")
        .doesNotContain("PAUSED");
    assertThat(resumed.get(5)).isEqualTo("NODES of lab (0)");
    assertThat(resumed).contains("10:00:09  lab   lab-2  uncordoned");
  }

  @Test
  void aTerminalTooSmallForTheScreenSaysSo() {
    assertThat(text(renderer.render(withChanges(), twoClusters(), 40, 2, NOW)))
        .containsExactly("knm watch: terminal too small", "");
    assertThat(text(renderer.render(withChanges(), twoClusters(), 10, 1, NOW)))
        .containsExactly("knm watch:");
    List<AttributedString> narrow = renderer.render(withChanges(), twoClusters(), 10, 8, NOW);
    assertThat(narrow).hasSize(8).allMatch(l -> l.columnLength() <= 10);
  }

  @Test
  void everyLineFitsASmallTerminal() {
    List<AttributedString> lines = renderer.render(withChanges(), twoClusters(), 30, 8, NOW);

    assertThat(lines).hasSize(8).allMatch(l -> l.columnLength() <= 30);
    assertThat(text(lines))
        .containsExactly(
            " knm watch  2 clusters  10:00:",
            "  #  CLUSTER  STATE         NO",
            "> 1  lab      synced",
            "  (1-1 of 2 clusters; Tab for",
            "",
            "NODES of lab (3)  [1-1 of 3]",
            "   NAME   STATUS",
            "q quit  p pause  / filter  Tab");
  }
}
