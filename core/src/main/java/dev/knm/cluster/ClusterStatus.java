package dev.knm.cluster;

import dev.knm.error.UsageException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the last probe of a cluster found. */
public enum ClusterStatus {
  /** Never probed (imported with --no-verify). */
  UNKNOWN("Unknown"),
  /** The API server answered and every node is Ready (or only /version was asked). */
  READY("Ready"),
  /** The API server answered but some nodes are not Ready. */
  DEGRADED("Degraded"),
  /** The API server did not answer, refused the credentials, or timed out. */
  UNREACHABLE("Unreachable");

  private final String label;

  ClusterStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Parses a status as a user types it (any case). */
  public static ClusterStatus parse(String text) {
    for (ClusterStatus s : values()) {
      if (s.label.equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    throw new UsageException(
        "unknown status '"
            + text
            + "': expected one of "
            + Arrays.stream(values())
                .map(s -> s.label.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
  }
}
