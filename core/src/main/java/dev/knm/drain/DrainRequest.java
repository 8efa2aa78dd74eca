package dev.knm.drain;

import java.util.List;

/**
 * What to drain: nodes by name, or those matching {@code nodeSelector} (kubectl's -l; not both),
 * how, and whether to resume the interrupted drain of those nodes. {@code commandLine} (without
 * secrets) is kept in the journal.
 */
public record DrainRequest(
    String cluster,
    List<String> nodes,
    String nodeSelector,
    DrainOptions options,
    boolean resume,
    String commandLine) {
  public DrainRequest {
    nodes = List.copyOf(nodes);
    if (nodeSelector != null && nodeSelector.isBlank()) {
      nodeSelector = null;
    }
  }
}
