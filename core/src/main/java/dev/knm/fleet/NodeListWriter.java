package dev.knm.fleet;

import dev.knm.kube.model.NodeSummary;
import java.util.List;

/**
 * Writes a cluster's cached nodes as {@code knm list nodes -o json} writes them (the cli's one
 * NodeList shape), for {@code GET /api/v1/clusters/NAME/nodes}.
 */
@FunctionalInterface
public interface NodeListWriter {
  byte[] write(String cluster, List<NodeSummary> nodes);
}
