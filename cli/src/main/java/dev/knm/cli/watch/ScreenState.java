package dev.knm.cli.watch;

import dev.knm.watch.ClusterSnapshot;
import dev.knm.watch.NodeEvent;
import dev.knm.watch.NodeEventType;
import dev.knm.watch.WatchEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the watch screen shows apart from the clusters' state: the selected cluster, the node list's
 * scroll, the filter (and the one being typed), help, pause, the change log and each node's last
 * change (for highlighting). Keys change it through {@link #apply}; events arrive through {@link
 * #record}. Used by the screen's one thread only.
 *
 * <p>Pause freezes what is shown (the clusters' state, the log and the clock): events that arrive
 * meanwhile are held, at most {@link #PENDING_CAPACITY}, and shown on resume.
 */
final class ScreenState {
  static final int LOG_CAPACITY = 1000;
  static final int PENDING_CAPACITY = 20_000;

  private final ChangeLog log = new ChangeLog(LOG_CAPACITY);
  private final Map<String, Map<String, NodeEvent>> lastChange = new HashMap<>();
  private final ArrayDeque<WatchEvent> pending = new ArrayDeque<>();
  private long pendingDropped;

  private String selected;
  private int nodeScroll;
  private int nodePage = 1;
  private String filter = "";
  private StringBuilder draft;
  private boolean help;
  private boolean quit;
  private boolean redraw;

  private boolean paused;
  private Instant pausedAt;
  private List<ClusterSnapshot> frozen = List.of();

  /** An event from the engine: shown now, or held while paused. */
  void record(WatchEvent e) {
    if (paused) {
      if (pending.size() == PENDING_CAPACITY) {
        pending.removeFirst();
        pendingDropped++;
      }
      pending.addLast(e);
      return;
    }
    show(e);
  }

  private void show(WatchEvent e) {
    log.add(e);
    if (e instanceof NodeEvent n) {
      Map<String, NodeEvent> nodes = lastChange.computeIfAbsent(n.cluster(), c -> new HashMap<>());
      if (n.type() == NodeEventType.REMOVED) {
        nodes.remove(n.node());
      } else {
        nodes.put(n.node(), n);
      }
    }
  }

  /**
   * Applies one key's action.
   *
   * @param typed the keys typed (the digit of CLUSTER_NUMBER, the text of INSERT)
   * @param current the clusters as the engine has them now (what pause freezes)
   * @param now the time now (what pause freezes)
   */
  void apply(ScreenAction action, String typed, List<ClusterSnapshot> current, Instant now) {
    List<ClusterSnapshot> shown = paused ? frozen : current;
    switch (action) {
      case QUIT -> quit = true;
      case PAUSE -> togglePause(current, now);
      case HELP -> help = !help;
      case FILTER -> {
        help = false;
        draft = new StringBuilder(filter);
      }
      case CLEAR -> {
        if (help) {
          help = false;
        } else {
          filter = "";
          nodeScroll = 0;
        }
      }
      case NEXT_CLUSTER -> select(shown, +1);
      case PREVIOUS_CLUSTER -> select(shown, -1);
      case CLUSTER_NUMBER -> {
        int i = typed == null || typed.isEmpty() ? -1 : typed.charAt(0) - '1';
        if (i >= 0 && i < shown.size()) {
          selectCluster(shown.get(i).cluster());
        }
      }
      case SCROLL_UP -> nodeScroll = Math.max(0, nodeScroll - 1);
      case SCROLL_DOWN -> nodeScroll++;
      case PAGE_UP -> nodeScroll = Math.max(0, nodeScroll - nodePage);
      case PAGE_DOWN -> nodeScroll += nodePage;
      case TOP -> nodeScroll = 0;
      case BOTTOM -> nodeScroll = Integer.MAX_VALUE;
      case REDRAW -> redraw = true;
      case INSERT -> {
        if (draft != null && typed != null) {
          draft.append(typed);
          nodeScroll = 0;
        }
      }
      case BACKSPACE -> {
        if (draft != null && draft.length() > 0) {
          draft.setLength(draft.length() - 1);
        }
      }
      case ERASE_LINE -> {
        if (draft != null) {
          draft.setLength(0);
        }
      }
      case ACCEPT -> {
        if (draft != null) {
          filter = draft.toString().strip();
          draft = null;
          nodeScroll = 0;
        }
      }
      case CANCEL -> draft = null;
      case IGNORE -> {}
    }
  }

  private void togglePause(List<ClusterSnapshot> current, Instant now) {
    if (!paused) {
      paused = true;
      pausedAt = now;
      frozen = List.copyOf(current);
      return;
    }
    paused = false;
    pausedAt = null;
    frozen = List.of();
    while (!pending.isEmpty()) {
      show(pending.removeFirst());
    }
    pendingDropped = 0;
  }

  private void select(List<ClusterSnapshot> clusters, int step) {
    if (clusters.isEmpty()) {
      return;
    }
    int i = indexOf(clusters, selectedCluster(clusters));
    int n = clusters.size();
    selectCluster(clusters.get(((i + step) % n + n) % n).cluster());
  }

  private void selectCluster(String name) {
    if (!name.equals(selected)) {
      selected = name;
      nodeScroll = 0;
    }
  }

  private static int indexOf(List<ClusterSnapshot> clusters, String name) {
    for (int i = 0; i < clusters.size(); i++) {
      if (clusters.get(i).cluster().equals(name)) {
        return i;
      }
    }
    return 0;
  }

  /** The selected cluster's name among {@code clusters}: the first one until a key chose one. */
  String selectedCluster(List<ClusterSnapshot> clusters) {
    if (clusters.isEmpty()) {
      return null;
    }
    for (ClusterSnapshot c : clusters) {
      if (c.cluster().equals(selected)) {
        return selected;
      }
    }
    return clusters.get(0).cluster();
  }

  /** The filter in effect: the one being typed, else the accepted one ("" for none). */
  String filter() {
    return draft != null ? draft.toString().strip() : filter;
  }

  /** The filter being typed, or null when not typing one. */
  String draft() {
    return draft == null ? null : draft.toString();
  }

  boolean help() {
    return help;
  }

  boolean quit() {
    return quit;
  }

  boolean paused() {
    return paused;
  }

  /** The clusters to show: frozen while paused, else {@code current}. */
  List<ClusterSnapshot> shown(List<ClusterSnapshot> current) {
    return paused ? frozen : current;
  }

  /** The time to show: frozen while paused, else {@code now}. */
  Instant shownTime(Instant now) {
    return paused ? pausedAt : now;
  }

  /** Events held while paused (including those dropped for room). */
  long pendingCount() {
    return pending.size() + pendingDropped;
  }

  /** True once after Ctrl-L: the screen repaints everything. */
  boolean takeRedraw() {
    boolean r = redraw;
    redraw = false;
    return r;
  }

  ChangeLog log() {
    return log;
  }

  /** The node's last change shown, or null. */
  NodeEvent lastChange(String cluster, String node) {
    Map<String, NodeEvent> nodes = lastChange.get(cluster);
    return nodes == null ? null : nodes.get(node);
  }

  int nodeScroll() {
    return nodeScroll;
  }

  /**
   * The renderer's answer to what fits: the node list's scroll is kept within {@code max} and a
   * page is {@code page} rows.
   */
  void fitNodeList(int max, int page) {
    nodeScroll = Math.max(0, Math.min(nodeScroll, max));
    nodePage = Math.max(1, page);
  }
}
