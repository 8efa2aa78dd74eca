package dev.knm.cli.node;

import dev.knm.cli.render.Ages;
import dev.knm.drain.DrainEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The live display's state and text: one row per node with its status, pods evicted of those to
 * evict, pods waiting (eviction sent, not gone yet), pods blocked by a disruption budget and the
 * budget that blocks, and the time since its drain started. No terminal here: {@link
 * LiveDrainDisplay} draws these lines.
 */
final class DrainBoard {
  private static final class Row {
    final String node;
    String status = "cordoning";
    int toEvict;
    final Set<String> waiting = new HashSet<>();
    final Set<String> blocked = new HashSet<>();
    int evicted;
    String pdb = "";
    String note = "";
    Instant started;
    Instant ended;

    Row(String node) {
      this.node = node;
    }
  }

  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final List<String> messages = new ArrayList<>();

  synchronized void accept(DrainEvent e) {
    if (e.node() == null) {
      return;
    }
    Row r = rows.computeIfAbsent(e.node(), Row::new);
    if (e instanceof DrainEvent.NodeCordoned) {
      r.status = "queued";
    } else if (e instanceof DrainEvent.NodePlanned p) {
      r.status = "draining";
      r.started = e.at();
      r.toEvict = p.toEvict().size();
      if (!p.warnings().isEmpty()) {
        messages.add("Warning: node " + e.node() + ": " + p.warnings());
      }
    } else if (e instanceof DrainEvent.PodEvicting p) {
      r.blocked.remove(p.pod().key());
      r.waiting.add(p.pod().key());
    } else if (e instanceof DrainEvent.EvictionBlocked b) {
      r.waiting.remove(b.pod().key());
      r.blocked.add(b.pod().key());
      r.pdb = PlainDrainOutput.waiting(b).replaceFirst("^waiting: ", "");
    } else if (e instanceof DrainEvent.PodGone || e instanceof DrainEvent.PodSkipped) {
      String key =
          e instanceof DrainEvent.PodGone g
              ? g.pod().key()
              : ((DrainEvent.PodSkipped) e).pod().key();
      r.waiting.remove(key);
      r.blocked.remove(key);
      r.evicted++;
      if (r.blocked.isEmpty()) {
        r.pdb = "";
      }
    } else if (e instanceof DrainEvent.NodeDrained) {
      r.status = "drained";
      r.ended = e.at();
      r.pdb = "";
    } else if (e instanceof DrainEvent.NodeFailed f) {
      r.status = f.kind() == DrainEvent.FailureKind.INTERRUPTED ? "interrupted" : "failed";
      r.ended = e.at();
      r.note = f.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
      messages.add("error: unable to drain node \"" + f.node() + "\": " + f.message());
    }
  }

  /** The table as it stands at {@code now}. */
  synchronized List<String> lines(Instant now) {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"NODE", "STATUS", "EVICTED", "WAITING", "BLOCKED", "ELAPSED", ""});
    for (Row r : rows.values()) {
      String elapsed =
          r.started == null
              ? "-"
              : Ages.of(Duration.between(r.started, r.ended == null ? now : r.ended));
      String note = !r.pdb.isEmpty() && r.ended == null ? r.pdb : r.note;
      cells.add(
          new String[] {
            r.node,
            r.status,
            r.started == null ? "-" : r.evicted + "/" + r.toEvict,
            Integer.toString(r.waiting.size()),
            Integer.toString(r.blocked.size()),
            elapsed,
            note
          });
    }
    int[] w = new int[7];
    for (String[] c : cells) {
      for (int i = 0; i < c.length; i++) {
        w[i] = Math.max(w[i], c[i].length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String[] c : cells) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < c.length; i++) {
        sb.append(c[i]);
        if (i < c.length - 1) {
          sb.append(" ".repeat(w[i] - c[i].length() + 3));
        }
      }
      out.add(sb.toString().stripTrailing());
    }
    return out;
  }

  /** Warnings and errors gathered along the way, shown under the final table. */
  synchronized List<String> messages() {
    return List.copyOf(messages);
  }
}
