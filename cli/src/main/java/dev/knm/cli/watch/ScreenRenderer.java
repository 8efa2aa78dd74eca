package dev.knm.cli.watch;

import dev.knm.cli.render.Ages;
import dev.knm.kube.model.NodeSummary;
import dev.knm.watch.ClusterSnapshot;
import dev.knm.watch.ConnectionEvent;
import dev.knm.watch.ConnectionState;
import dev.knm.watch.NodeEvent;
import dev.knm.watch.WatchEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Draws the watch screen as lines of styled text for a terminal of a given size: a title bar, a
 * table of the clusters (the selected one marked), the selected cluster's nodes (those changed in
 * the last {@code highlight} marked with {@code *} and in bold yellow), the change log (newest at
 * the bottom) and a key line. Nothing here touches a terminal: the same state, size and time always
 * give the same lines.
 */
final class ScreenRenderer {
  static final Duration DEFAULT_HIGHLIGHT = Duration.ofSeconds(30);

  private static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
  private static final AttributedStyle BOLD = PLAIN.bold();
  private static final AttributedStyle DIM = PLAIN.faint();
  private static final AttributedStyle BAR = PLAIN.inverse();
  private static final AttributedStyle GREEN = PLAIN.foreground(AttributedStyle.GREEN);
  private static final AttributedStyle YELLOW = PLAIN.foreground(AttributedStyle.YELLOW);
  private static final AttributedStyle RED = PLAIN.foreground(AttributedStyle.RED);

  /** A node changed lately. */
  static final AttributedStyle CHANGED = PLAIN.bold().foreground(AttributedStyle.YELLOW);

  private static final String GAP = "  ";

  private final ZoneId zone;
  private final Duration highlight;
  private final DateTimeFormatter clock;

  ScreenRenderer(ZoneId zone, Duration highlight) {
    this.zone = zone;
    this.highlight = highlight;
    this.clock = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone);
  }

  ZoneId zone() {
    return zone;
  }

  /**
   * The screen: exactly {@code height} lines (at least one), none wider than {@code width} columns.
   */
  List<AttributedString> render(
      ScreenState state, List<ClusterSnapshot> clusters, int width, int height, Instant now) {
    width = Math.max(1, width);
    if (height < 3) {
      List<AttributedString> tiny = new ArrayList<>();
      for (int i = 0; i < Math.max(1, height); i++) {
        tiny.add(fit(new AttributedString(i == 0 ? "knm watch: terminal too small" : ""), width));
      }
      return tiny;
    }
    List<AttributedString> body = new ArrayList<>();
    int bodyHeight = height - 2;
    if (state.help()) {
      help(body);
    } else {
      String selected = state.selectedCluster(clusters);
      int clusterRows = Math.min(clusters.size(), Math.max(1, (bodyHeight - 8) / 4));
      int logRows = Math.max(2, Math.min(12, bodyHeight / 4));
      clusterTable(body, clusters, selected, clusterRows, width);
      body.add(AttributedString.EMPTY);
      int nodeRows = Math.max(1, bodyHeight - body.size() - 2 - 1 - logRows);
      ClusterSnapshot sel = find(clusters, selected);
      nodeList(body, state, sel, nodeRows, width, now);
      changeLog(body, state, clusters, logRows, width, now);
    }
    List<AttributedString> lines = new ArrayList<>(height);
    lines.add(titleBar(state, clusters.size(), width, now));
    for (int i = 0; i < bodyHeight; i++) {
      lines.add(i < body.size() ? fit(body.get(i), width) : AttributedString.EMPTY);
    }
    lines.add(keyLine(state, width));
    return lines;
  }

  // ---------------------------------------------------------------- parts

  private AttributedString titleBar(ScreenState state, int clusters, int width, Instant now) {
    StringBuilder left = new StringBuilder(" knm watch  ");
    left.append(clusters).append(clusters == 1 ? " cluster  " : " clusters  ");
    left.append(clock.format(now));
    if (state.paused()) {
      left.append("  PAUSED (").append(state.pendingCount()).append(" new)");
    }
    String right = "? help  q quit ";
    AttributedStringBuilder b = new AttributedStringBuilder();
    b.style(BAR).append(left);
    pad(b, width - left.length() - right.length());
    b.append(right);
    return fit(b.toAttributedString(), width);
  }

  private void clusterTable(
      List<AttributedString> out,
      List<ClusterSnapshot> clusters,
      String selected,
      int rows,
      int width) {
    if (clusters.isEmpty()) {
      out.add(new AttributedString("No clusters watched.", DIM));
      return;
    }
    int nameWidth = "CLUSTER".length();
    int versionWidth = "VERSION".length();
    for (ClusterSnapshot c : clusters) {
      nameWidth = Math.max(nameWidth, c.cluster().length());
      versionWidth = Math.max(versionWidth, orDash(c.kubernetesVersion()).length());
    }
    int[] widths = {3, nameWidth, 12, 5, 5, 8, 8, versionWidth};
    boolean[] right = {false, false, false, true, true, true, true, false};
    AttributedStringBuilder h = new AttributedStringBuilder();
    row(
        h,
        widths,
        right,
        BOLD,
        "  #",
        "CLUSTER",
        "STATE",
        "NODES",
        "READY",
        "NOTREADY",
        "CORDONED",
        "VERSION");
    h.style(BOLD).append(GAP).append("LAST ERROR");
    out.add(h.toAttributedString());
    int sel = Math.max(0, indexOf(clusters, selected));
    int first = Math.max(0, Math.min(sel - rows + 1, clusters.size() - rows));
    first = Math.min(first, sel);
    for (int i = first; i < Math.min(clusters.size(), first + rows); i++) {
      ClusterSnapshot c = clusters.get(i);
      boolean isSelected = i == sel;
      AttributedStyle base = isSelected ? BOLD : PLAIN;
      String number = (isSelected ? "> " : "  ") + (i < 9 ? Integer.toString(i + 1) : " ");
      AttributedStringBuilder b = new AttributedStringBuilder();
      cell(b, number, widths[0], false, base);
      b.style(base).append(GAP);
      cell(b, c.cluster(), widths[1], false, base);
      b.style(base).append(GAP);
      cell(b, c.state().wire(), widths[2], false, stateStyle(c.state(), base));
      boolean counts = c.synced();
      b.style(base).append(GAP);
      cell(b, counts ? Integer.toString(c.nodeCount()) : "-", widths[3], true, base);
      b.style(base).append(GAP);
      cell(b, counts ? Integer.toString(c.ready()) : "-", widths[4], true, base);
      b.style(base).append(GAP);
      cell(
          b,
          counts ? Integer.toString(c.notReady()) : "-",
          widths[5],
          true,
          counts && c.notReady() > 0 ? RED.bold() : base);
      b.style(base).append(GAP);
      cell(
          b,
          counts ? Integer.toString(c.cordoned()) : "-",
          widths[6],
          true,
          counts && c.cordoned() > 0 ? YELLOW.bold() : base);
      b.style(base).append(GAP);
      cell(b, orDash(c.kubernetesVersion()), widths[7], false, base);
      if (c.lastError() != null) {
        b.style(base).append(GAP);
        b.style(c.state() == ConnectionState.FAILED ? RED : YELLOW).append(c.lastError());
      }
      out.add(b.toAttributedString());
    }
    if (clusters.size() > rows) {
      out.add(
          new AttributedString(
              "  ("
                  + (first + 1)
                  + "-"
                  + (first + rows)
                  + " of "
                  + clusters.size()
                  + " clusters; Tab for more)",
              DIM));
    }
  }

  private void nodeList(
      List<AttributedString> out,
      ScreenState state,
      ClusterSnapshot cluster,
      int rows,
      int width,
      Instant now) {
    if (cluster == null) {
      out.add(new AttributedString("NODES", BOLD));
      padRows(out, rows + 1);
      return;
    }
    String filter = state.filter().toLowerCase(Locale.ROOT);
    List<NodeSummary> all = cluster.nodes();
    List<NodeSummary> shown = new ArrayList<>();
    for (NodeSummary n : all) {
      if (filter.isEmpty() || matches(n, filter)) {
        shown.add(n);
      }
    }
    int max = Math.max(0, shown.size() - rows);
    state.fitNodeList(max, rows);
    int first = state.nodeScroll();
    int last = Math.min(shown.size(), first + rows);

    StringBuilder title = new StringBuilder("NODES of ").append(cluster.cluster()).append(" (");
    if (filter.isEmpty()) {
      title.append(all.size());
    } else {
      title
          .append(shown.size())
          .append(" of ")
          .append(all.size())
          .append(" match \"")
          .append(state.filter())
          .append('"');
    }
    title.append(')');
    if (shown.size() > rows) {
      title
          .append("  [")
          .append(first + 1)
          .append('-')
          .append(last)
          .append(" of ")
          .append(shown.size())
          .append(']');
    }
    AttributedStringBuilder t = new AttributedStringBuilder();
    t.style(BOLD).append(title);
    if (!cluster.synced()) {
      t.style(stateStyle(cluster.state(), PLAIN)).append("  ").append(cluster.state().wire());
      if (cluster.lastError() != null) {
        t.append(": ").append(cluster.lastError());
      }
    } else if (cluster.state() != ConnectionState.SYNCED) {
      t.style(stateStyle(cluster.state(), PLAIN))
          .append("  ")
          .append(cluster.state().wire())
          .append(": last known state");
    }
    out.add(t.toAttributedString());

    int nameWidth = "NAME".length();
    int statusWidth = "STATUS".length();
    int rolesWidth = "ROLES".length();
    int versionWidth = "VERSION".length();
    for (NodeSummary n : shown) {
      nameWidth = Math.max(nameWidth, n.name().length());
      statusWidth = Math.max(statusWidth, n.status().length());
      rolesWidth = Math.max(rolesWidth, roles(n).length());
      versionWidth = Math.max(versionWidth, orDash(n.kubeletVersion()).length());
    }
    rolesWidth = Math.min(rolesWidth, 24);
    int[] widths = {1, nameWidth, statusWidth, rolesWidth, versionWidth, 6, 5};
    boolean[] right = {false, false, false, false, false, true, false};
    AttributedStringBuilder h = new AttributedStringBuilder();
    row(h, widths, right, BOLD, " ", "NAME", "STATUS", "ROLES", "VERSION", "TAINTS", "AGE");
    h.style(BOLD).append(GAP).append("LAST CHANGE");
    out.add(h.toAttributedString());

    if (shown.isEmpty()) {
      out.add(
          new AttributedString(
              all.isEmpty()
                  ? (cluster.synced() ? "  no nodes" : "  waiting for the first list")
                  : "  no node matches \"" + state.filter() + "\"",
              DIM));
      padRows(out, rows - 1);
      return;
    }
    for (int i = first; i < last; i++) {
      NodeSummary n = shown.get(i);
      NodeEvent change = state.lastChange(cluster.cluster(), n.name());
      boolean recent = change != null && isRecent(change.time(), now);
      AttributedStyle base = recent ? CHANGED : PLAIN;
      AttributedStringBuilder b = new AttributedStringBuilder();
      cell(b, recent ? "*" : " ", widths[0], false, base);
      b.style(base).append(GAP);
      cell(b, n.name(), widths[1], false, base);
      b.style(base).append(GAP);
      cell(b, n.status(), widths[2], false, statusStyle(n, recent));
      b.style(base).append(GAP);
      cell(b, roles(n), widths[3], false, base);
      b.style(base).append(GAP);
      cell(b, orDash(n.kubeletVersion()), widths[4], false, base);
      b.style(base).append(GAP);
      cell(b, Integer.toString(n.taintCount()), widths[5], true, base);
      b.style(base).append(GAP);
      cell(b, Ages.since(n.creationTimestamp(), now), widths[6], false, base);
      if (change != null) {
        b.style(base).append(GAP);
        b.style(recent ? base : DIM)
            .append(ChangeText.node(change))
            .append(" (")
            .append(Ages.since(change.time(), now))
            .append(" ago)");
      }
      out.add(b.toAttributedString());
    }
    padRows(out, rows - (last - first));
  }

  private void changeLog(
      List<AttributedString> out,
      ScreenState state,
      List<ClusterSnapshot> clusters,
      int rows,
      int width,
      Instant now) {
    String filter = state.filter().toLowerCase(Locale.ROOT);
    List<ChangeLog.Entry> entries = state.log().entries();
    List<ChangeLog.Entry> shown = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0 && shown.size() < rows; i--) {
      ChangeLog.Entry e = entries.get(i);
      if (filter.isEmpty() || line(e, 0, 0).toLowerCase(Locale.ROOT).contains(filter)) {
        shown.add(0, e);
      }
    }
    StringBuilder title = new StringBuilder("CHANGES (").append(state.log().total()).append(')');
    if (!filter.isEmpty()) {
      title.append(" matching \"").append(state.filter()).append('"');
    }
    out.add(new AttributedString(title, BOLD));
    int clusterWidth = 0;
    for (ClusterSnapshot c : clusters) {
      clusterWidth = Math.max(clusterWidth, c.cluster().length());
    }
    int nodeWidth = 0;
    for (ChangeLog.Entry e : shown) {
      clusterWidth = Math.max(clusterWidth, e.event().cluster().length());
      if (e.event() instanceof NodeEvent n) {
        nodeWidth = Math.max(nodeWidth, n.node().length());
      }
    }
    if (shown.isEmpty()) {
      out.add(new AttributedString(filter.isEmpty() ? "  no changes yet" : "  none match", DIM));
      padRows(out, rows - 1);
      return;
    }
    for (ChangeLog.Entry e : shown) {
      out.add(new AttributedString(line(e, clusterWidth, nodeWidth), logStyle(e.event(), now)));
    }
    padRows(out, rows - shown.size());
  }

  /** One log line: time, cluster, node (none for a connection change), what happened. */
  private String line(ChangeLog.Entry e, int clusterWidth, int nodeWidth) {
    WatchEvent ev = e.event();
    StringBuilder sb = new StringBuilder(clock.format(ev.time())).append(GAP);
    sb.append(padRight(ev.cluster(), clusterWidth)).append(GAP);
    if (ev instanceof NodeEvent n) {
      sb.append(padRight(n.node(), nodeWidth)).append(GAP);
    }
    return sb.append(e.text()).toString();
  }

  private AttributedStyle logStyle(WatchEvent e, Instant now) {
    if (e instanceof ConnectionEvent c) {
      return stateStyle(c.to(), PLAIN);
    }
    return isRecent(e.time(), now) ? CHANGED : PLAIN;
  }

  private AttributedString keyLine(ScreenState state, int width) {
    AttributedStringBuilder b = new AttributedStringBuilder();
    String draft = state.draft();
    if (draft != null) {
      b.style(BOLD).append("/").append(draft);
      b.style(BAR).append(' ');
      b.style(DIM).append("   Enter: keep  Esc: cancel  Backspace: erase");
    } else {
      if (!state.filter().isEmpty()) {
        b.style(BOLD).append("filter: ").append(state.filter());
        b.style(DIM).append(" (Esc clears)  ");
      }
      b.style(DIM).append("q quit  p pause  / filter  Tab/1-9 cluster  Up/Down scroll  ? help");
    }
    return fit(b.toAttributedString(), width);
  }

  private void help(List<AttributedString> out) {
    out.add(new AttributedString("KEYS", BOLD));
    for (String h : ScreenKeys.HELP) {
      out.add(new AttributedString("  " + h));
    }
    out.add(AttributedString.EMPTY);
    out.add(
        new AttributedString(
            "  Nodes marked * changed in the last "
                + Ages.of(highlight)
                + "; the change log is newest last.",
            DIM));
    out.add(new AttributedString("  Press ? or Esc to close this help.", DIM));
  }

  // ---------------------------------------------------------------- helpers

  private boolean isRecent(Instant when, Instant now) {
    return when != null && !when.isBefore(now.minus(highlight));
  }

  private static boolean matches(NodeSummary n, String filter) {
    if (contains(n.name(), filter)
        || contains(n.status(), filter)
        || contains(roles(n), filter)
        || contains(n.kubeletVersion(), filter)) {
      return true;
    }
    for (Map.Entry<String, String> l : n.labels().entrySet()) {
      if (contains(l.getKey() + "=" + l.getValue(), filter)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(String s, String lowerNeedle) {
    return s != null && s.toLowerCase(Locale.ROOT).contains(lowerNeedle);
  }

  private static String roles(NodeSummary n) {
    return n.roles().isEmpty() ? "<none>" : String.join(",", n.roles());
  }

  private static AttributedStyle statusStyle(NodeSummary n, boolean recent) {
    if (!n.ready()) {
      return recent ? RED.bold() : RED;
    }
    if (n.unschedulable()) {
      return recent ? CHANGED : YELLOW;
    }
    return recent ? CHANGED : GREEN;
  }

  private static AttributedStyle stateStyle(ConnectionState s, AttributedStyle base) {
    AttributedStyle color =
        switch (s) {
          case SYNCED -> GREEN;
          case CONNECTING, RECONNECTING -> YELLOW;
          case FAILED -> RED;
          case STOPPED -> DIM;
        };
    return base == BOLD ? color.bold() : color;
  }

  private static ClusterSnapshot find(List<ClusterSnapshot> clusters, String name) {
    int i = indexOf(clusters, name);
    return i < 0 ? null : clusters.get(i);
  }

  private static int indexOf(List<ClusterSnapshot> clusters, String name) {
    for (int i = 0; i < clusters.size(); i++) {
      if (clusters.get(i).cluster().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static void row(
      AttributedStringBuilder b,
      int[] widths,
      boolean[] right,
      AttributedStyle style,
      String... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        b.style(style).append(GAP);
      }
      cell(b, cells[i], widths[i], right[i], style);
    }
  }

  private static void cell(
      AttributedStringBuilder b, String text, int width, boolean right, AttributedStyle style) {
    String t = text.length() > width ? text.substring(0, width) : text;
    b.style(style);
    if (right) {
      pad(b, width - t.length());
      b.append(t);
    } else {
      b.append(t);
      pad(b, width - t.length());
    }
  }

  private static void pad(AttributedStringBuilder b, int n) {
    for (int i = 0; i < n; i++) {
      b.append(' ');
    }
  }

  private static String padRight(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static void padRows(List<AttributedString> out, int n) {
    for (int i = 0; i < n; i++) {
      out.add(AttributedString.EMPTY);
    }
  }

  private static String orDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }

  /**
   * At most {@code width} columns, trailing blanks dropped unless they show (the bar's inverse: no
   * other style here colors a blank).
   */
  static AttributedString fit(AttributedString line, int width) {
    AttributedString s = line.columnLength() > width ? line.columnSubSequence(0, width) : line;
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ' && !s.styleAt(end - 1).equals(BAR)) {
      end--;
    }
    return end == s.length() ? s : s.subSequence(0, end);
  }
}
