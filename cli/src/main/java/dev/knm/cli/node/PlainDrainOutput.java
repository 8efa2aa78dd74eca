package dev.knm.cli.node;

import dev.knm.drain.DrainEvent;
import dev.knm.drain.DrainResult;
import dev.knm.drain.PodRef;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One plain line per event, kubectl drain's where kubectl has one ("node/x cordoned", "evicting pod
 * ns/p", "pod/p evicted", "node/x drained") and knm's own where it tells more: which disruption
 * budget holds a pod and what it allows, said once and again only when that changes (kubectl
 * repeats "will retry after 5s" for every pod every 5 seconds). Results go to stdout, warnings,
 * waits and errors to stderr.
 */
final class PlainDrainOutput implements DrainOutput {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean quiet;
  private final Map<String, String> lastWait = new HashMap<>();

  PlainDrainOutput(PrintWriter out, PrintWriter err, boolean quiet) {
    this.out = out;
    this.err = err;
    this.quiet = quiet;
  }

  @Override
  public void accept(DrainEvent e) {
    if (e instanceof DrainEvent.NodeCordoned c) {
      out.println(
          "node/"
              + c.node()
              + (c.already() ? " already cordoned" : " cordoned")
              + (c.dryRun() ? " (dry run)" : ""));
    } else if (e instanceof DrainEvent.NodePlanned p) {
      if (!p.warnings().isEmpty() && p.errors().isEmpty() && !quiet) {
        err.println("Warning: " + p.warnings()); // kubectl warns only when the drain goes on
      }
    } else if (e instanceof DrainEvent.PodEvicting p) {
      if (p.attempt() == 1) {
        out.println((p.deletion() ? "deleting pod " : "evicting pod ") + p.pod().key());
      }
    } else if (e instanceof DrainEvent.EvictionBlocked b) {
      String text = waiting(b);
      if (!text.equals(lastWait.put(b.pod().key(), text)) && !quiet) {
        err.println(text + "; retrying every " + seconds(b.retryIn()));
      }
    } else if (e instanceof DrainEvent.PodGone g) {
      out.println("pod/" + g.pod().name() + (g.evicted() ? " evicted" : " deleted"));
    } else if (e instanceof DrainEvent.PodSkipped s) {
      out.println(s.reason());
    } else if (e instanceof DrainEvent.NodeDrained d) {
      out.println("node/" + d.node() + " drained");
    } else if (e instanceof DrainEvent.NodeFailed f) {
      err.println("error: unable to drain node \"" + f.node() + "\": " + f.message());
    } else if (e instanceof DrainEvent.NodeDryRun d) {
      dryRun(d);
    } else if (e instanceof DrainEvent.DrainDone d) {
      if (d.drained().size() + d.failed().size() > 1 && !quiet) {
        err.println(
            "drained "
                + d.drained().size()
                + " of "
                + (d.drained().size() + d.failed().size())
                + " nodes"
                + (d.failed().isEmpty() ? "" : "; not drained: " + String.join(", ", d.failed())));
      }
    }
    out.flush();
    err.flush();
  }

  /** "waiting: pdb team-3/web allows 0 disruptions (needs 2 healthy, has 2): pod team-3/web-1". */
  static String waiting(DrainEvent.EvictionBlocked b) {
    if (b.pdbs().isEmpty()) {
      return "waiting: pod " + b.pod().key() + ": " + b.cause();
    }
    return "waiting: "
        + b.pdbs().stream().map(DrainEvent.PdbState::describe).collect(Collectors.joining(", "))
        + ": pod "
        + b.pod().key();
  }

  static String seconds(java.time.Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0
        ? (ms / 1000) + "s"
        : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
  }

  private void dryRun(DrainEvent.NodeDryRun d) {
    String n = "node/" + d.node();
    for (PodRef p : d.toEvict()) {
      out.println("evicting pod " + p.key() + " (dry run)");
    }
    if (!d.warnings().isEmpty() && !quiet) {
      err.println("Warning: " + d.warnings());
    }
    out.println(
        n + ": would evict " + d.toEvict().size() + (d.toEvict().size() == 1 ? " pod" : " pods"));
    if (!d.leftAlone().isEmpty()) {
      out.println(n + ": would leave alone " + count(d.leftAlone()));
    }
    for (String error : d.errors()) {
      out.println(n + ": would not drain: " + error);
    }
    for (DrainEvent.PdbForecast f : d.pdbs()) {
      out.println(
          n
              + ": "
              + f.pdb().describe().replace(" allows ", " allows now ")
              + "; it covers "
              + count(f.covers())
              + (f.wouldWait() == 0 ? "" : "; " + f.wouldWait() + " would wait for it"));
    }
    out.println(n + ": a real drain would exit " + DrainExit.of(d.wouldFail()) + explain(d));
  }

  private static String explain(DrainEvent.NodeDryRun d) {
    if (d.wouldFail() == null) {
      return " (drained)";
    }
    return switch (d.wouldFail()) {
      case FILTERS -> " (pods that cannot be evicted without more flags)";
      case PDB_TIMEOUT -> " (held by a disruption budget past --timeout)";
      case EVICTION -> " (a pod under more than one disruption budget cannot be evicted)";
      default -> "";
    };
  }

  private static String count(List<PodRef> pods) {
    return pods.size()
        + (pods.size() == 1 ? " pod" : " pods")
        + (pods.isEmpty()
            ? ""
            : ": " + pods.stream().map(PodRef::key).collect(Collectors.joining(", ")));
  }

  @Override
  public void finish(DrainResult result) {
    out.flush();
    err.flush();
  }
}
