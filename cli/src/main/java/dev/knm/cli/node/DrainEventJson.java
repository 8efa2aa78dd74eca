package dev.knm.cli.node;

import dev.knm.drain.DrainEvent;
import dev.knm.drain.PodRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A drain event as a JSON object for {@code -o ndjson}: field names are stable (documented in
 * docs/json-output.md); fields may be added, never renamed or removed.
 */
final class DrainEventJson {
  private DrainEventJson() {}

  static Map<String, Object> of(String cluster, DrainEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", name(e));
    m.put("time", e.at());
    m.put("cluster", cluster);
    m.put("node", e.node());
    if (e instanceof DrainEvent.NodeCordoned c) {
      m.put("already", c.already());
      m.put("dryRun", c.dryRun());
    } else if (e instanceof DrainEvent.NodePlanned p) {
      m.put("toEvict", keys(p.toEvict()));
      m.put("leftAlone", keys(p.leftAlone()));
      m.put("warnings", p.warnings().isEmpty() ? null : p.warnings());
      m.put("errors", p.errors());
    } else if (e instanceof DrainEvent.PodEvicting p) {
      pod(m, p.pod());
      m.put("attempt", p.attempt());
      m.put("deletion", p.deletion());
    } else if (e instanceof DrainEvent.EvictionBlocked b) {
      pod(m, b.pod());
      m.put("attempt", b.attempt());
      m.put("retryInSeconds", b.retryIn().toMillis() / 1000.0);
      m.put("cause", b.cause());
      m.put("pdbs", pdbs(b.pdbs()));
    } else if (e instanceof DrainEvent.PodGone g) {
      pod(m, g.pod());
      m.put("evicted", g.evicted());
    } else if (e instanceof DrainEvent.PodSkipped s) {
      pod(m, s.pod());
      m.put("reason", s.reason());
    } else if (e instanceof DrainEvent.NodeDrained d) {
      m.put("evicted", d.evicted());
      m.put("elapsedSeconds", d.elapsed().toMillis() / 1000.0);
    } else if (e instanceof DrainEvent.NodeFailed f) {
      m.put("reason", f.kind().name().toLowerCase(Locale.ROOT));
      m.put("message", f.message());
      List<Object> blockers = new ArrayList<>();
      for (DrainEvent.Blocker b : f.blockers()) {
        Map<String, Object> bm = new LinkedHashMap<>();
        bm.put("pod", b.pod().key());
        bm.put("pdbs", pdbs(b.pdbs()));
        blockers.add(bm);
      }
      m.put("blockers", blockers);
      m.put("pending", keys(f.pending()));
    } else if (e instanceof DrainEvent.NodeDryRun d) {
      m.put("toEvict", keys(d.toEvict()));
      m.put("leftAlone", keys(d.leftAlone()));
      m.put("warnings", d.warnings().isEmpty() ? null : d.warnings());
      m.put("errors", d.errors());
      List<Object> pdbs = new ArrayList<>();
      for (DrainEvent.PdbForecast f : d.pdbs()) {
        Map<String, Object> pm = pdb(f.pdb());
        pm.put("covers", keys(f.covers()));
        pm.put("wouldWait", f.wouldWait());
        pdbs.add(pm);
      }
      m.put("pdbs", pdbs);
      m.put(
          "wouldFail",
          d.wouldFail() == null ? null : d.wouldFail().name().toLowerCase(Locale.ROOT));
      m.put("wouldExit", DrainExit.of(d.wouldFail()));
    } else if (e instanceof DrainEvent.DrainStarted d) {
      m.put("drainId", d.drainId());
      m.put("nodes", d.nodes());
      m.put("resumed", d.resumed());
    } else if (e instanceof DrainEvent.DrainDone d) {
      m.put("drainId", d.drainId());
      m.put("drained", d.drained());
      m.put("failed", d.failed());
    }
    return m;
  }

  static String name(DrainEvent e) {
    if (e instanceof DrainEvent.NodeCordoned) {
      return "node_cordoned";
    } else if (e instanceof DrainEvent.NodePlanned) {
      return "node_planned";
    } else if (e instanceof DrainEvent.PodEvicting) {
      return "pod_evicting";
    } else if (e instanceof DrainEvent.EvictionBlocked) {
      return "eviction_blocked";
    } else if (e instanceof DrainEvent.PodGone) {
      return "pod_gone";
    } else if (e instanceof DrainEvent.PodSkipped) {
      return "pod_skipped";
    } else if (e instanceof DrainEvent.NodeDrained) {
      return "node_drained";
    } else if (e instanceof DrainEvent.NodeFailed) {
      return "node_failed";
    } else if (e instanceof DrainEvent.NodeDryRun) {
      return "node_dry_run";
    } else if (e instanceof DrainEvent.DrainStarted) {
      return "drain_started";
    }
    return "drain_done";
  }

  private static void pod(Map<String, Object> m, PodRef p) {
    m.put("pod", p.key());
    m.put("uid", p.uid());
  }

  private static List<String> keys(List<PodRef> pods) {
    return pods.stream().map(PodRef::key).toList();
  }

  private static List<Object> pdbs(List<DrainEvent.PdbState> states) {
    List<Object> out = new ArrayList<>();
    for (DrainEvent.PdbState s : states) {
      out.add(pdb(s));
    }
    return out;
  }

  private static Map<String, Object> pdb(DrainEvent.PdbState s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.key());
    m.put("disruptionsAllowed", s.disruptionsAllowed());
    m.put("desiredHealthy", s.desiredHealthy());
    m.put("currentHealthy", s.currentHealthy());
    return m;
  }
}
