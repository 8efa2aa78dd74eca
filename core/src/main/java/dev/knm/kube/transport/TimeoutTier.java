package dev.knm.kube.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one request to a cluster may take, chosen from the cluster's size (DESIGN.md, "Talking
 * to clusters"). {@code request} bounds every ordinary call (version, node list pages, one node);
 * {@code podListPage} bounds one page of a pod listing.
 *
 * <pre>
 *   nodes     request  pod-list page
 *   &lt;10        30 s     15 s
 *   10–50      45 s     20 s      (also when the node count is unknown)
 *   50–200     60 s     30 s
 *   &gt;200       90 s     60 s
 * </pre>
 */
public record TimeoutTier(Duration request, Duration podListPage) {

  public static final TimeoutTier SMALL = new TimeoutTier(secs(30), secs(15));
  public static final TimeoutTier MEDIUM = new TimeoutTier(secs(45), secs(20));
  public static final TimeoutTier LARGE = new TimeoutTier(secs(60), secs(30));
  public static final TimeoutTier HUGE = new TimeoutTier(secs(90), secs(60));

  public TimeoutTier {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(podListPage, "podListPage");
    if (request.isNegative()
        || request.isZero()
        || podListPage.isNegative()
        || podListPage.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /**
   * The tier for a cluster of {@code nodeCount} nodes; {@code null} (never probed) gives the 10–50
   * tier. Boundaries: 10 and 50 belong to 10–50, 200 to 50–200.
   */
  public static TimeoutTier forNodeCount(Integer nodeCount) {
    if (nodeCount == null) {
      return MEDIUM;
    }
    if (nodeCount < 10) {
      return SMALL;
    }
    if (nodeCount <= 50) {
      return MEDIUM;
    }
    if (nodeCount <= 200) {
      return LARGE;
    }
    return HUGE;
  }

  /**
   * {@code --request-timeout}: one value for both the request and the pod-list page timeout. A null
   * override leaves this tier unchanged.
   */
  public TimeoutTier withOverride(Duration requestTimeout) {
    return requestTimeout == null ? this : new TimeoutTier(requestTimeout, requestTimeout);
  }

  /** "30s", "1m30s", "250ms": how timeouts read in messages. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s < 60 || s % 60 != 0 && s < 120) {
      return s + "s";
    }
    return s % 60 == 0 ? (s / 60) + "m" : (s / 60) + "m" + (s % 60) + "s";
  }

  private static Duration secs(long s) {
    return Duration.ofSeconds(s);
  }
}
