package dev.knm.watch;

import dev.knm.error.NotFoundException;
import dev.knm.store.NodeEventDao;
import dev.knm.store.NodeEventRow;
import dev.knm.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The recorded node changes in the store (table node_events): appended in batches by {@link
 * NodeEventRecorder}, read by {@code knm events} and {@code describe node}.
 */
public final class NodeHistory {
  static final int MAX_VALUE = 1024;

  private final Store store;

  public NodeHistory(Store store) {
    this.store = store;
  }

  /**
   * Appends events in one transaction. Events of a cluster that is no longer in the store (removed
   * while watched) are dropped.
   *
   * @return how many were written
   */
  public int append(List<NodeEvent> events) {
    if (events.isEmpty()) {
      return 0;
    }
    return store.inTransaction(
        h -> {
          NodeEventDao dao = h.attach(NodeEventDao.class);
          Map<String, UUID> ids = new HashMap<>();
          List<NodeEventRow> rows = new ArrayList<>(events.size());
          for (NodeEvent e : events) {
            UUID id =
                ids.computeIfAbsent(
                    e.cluster(),
                    n -> {
                      List<UUID> found = dao.liveId(n);
                      return found.isEmpty() ? null : found.get(0);
                    });
            if (id != null) {
              rows.add(row(id, e));
            }
          }
          if (!rows.isEmpty()) {
            dao.insert(rows);
          }
          return rows.size();
        });
  }

  private static NodeEventRow row(UUID clusterId, NodeEvent e) {
    return new NodeEventRow(
        clusterId,
        e.cluster(),
        e.node(),
        e.type().wire(),
        cut(e.field(), 400),
        cut(e.oldValue(), MAX_VALUE),
        cut(e.newValue(), MAX_VALUE),
        cut(e.resourceVersion(), 64),
        e.catchUp(),
        e.count(),
        e.time());
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /**
   * The newest {@code limit} recorded events matching the filters (null: any), oldest first.
   *
   * @throws NotFoundException when {@code cluster} is given and is not a live cluster
   */
  public List<NodeEvent> list(String cluster, String node, Instant since, int limit) {
    List<NodeEventRow> rows =
        store.read(
            h -> {
              NodeEventDao dao = h.attach(NodeEventDao.class);
              if (cluster != null && dao.liveId(cluster).isEmpty()) {
                throw new NotFoundException("cluster '" + cluster + "' not found");
              }
              return dao.newest(cluster, node, since, limit);
            });
    List<NodeEvent> out = new ArrayList<>(rows.size());
    for (NodeEventRow r : rows) {
      out.add(
          new NodeEvent(
              NodeEventType.fromWire(r.eventType()),
              r.cluster(),
              r.node(),
              r.field(),
              r.oldValue(),
              r.newValue(),
              r.observedAt(),
              r.resourceVersion(),
              r.catchUp(),
              r.flapCount()));
    }
    Collections.reverse(out);
    return out;
  }
}
