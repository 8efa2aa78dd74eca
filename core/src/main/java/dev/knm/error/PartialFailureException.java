package dev.knm.error;

import java.util.List;

/**
 * Some targets (clusters, nodes, instances) failed while the rest were done and reported. The
 * failures were already shown per target; this carries them for the summary line. Exit code 3.
 */
public class PartialFailureException extends KnmException {
  private final List<String> failures;

  public PartialFailureException(String message, List<String> failures) {
    super(message);
    this.failures = List.copyOf(failures);
  }

  public List<String> failures() {
    return failures;
  }
}
