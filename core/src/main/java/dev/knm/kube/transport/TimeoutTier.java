package dev.knm.kube.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How long talking to a cluster may take, chosen from the cluster's size (DESIGN.md, "Talking to
 * clusters"). {@code request} bounds every ordinary call (version, node list pages, one node);
 * {@code podListPage} bounds one page of a pod listing; {@code deadline} is the default budget of a
 * whole command for this cluster ({@code --deadline} overrides it): two request timeouts, i.e. a
 * request that timed out and its one retry, or many pages of a listing.
 *
 * <pre>
 *   nodes     request  pod-list page  deadline
 *   &lt;10        30 s     15 s           1 min
 *   10–50      45 s     20 s           1 min 30 s   (also when the node count is unknown)
 *   50–200     60 s     30 s           2 min
 *   &gt;200       90 s     60 s           3 min
 * </pre>
 */
public record TimeoutTier(Duration request, Duration podListPage, Duration deadline) {

  public static final TimeoutTier SMALL = new TimeoutTier(secs(30), secs(15), secs(60));
  public static final TimeoutTier MEDIUM = new TimeoutTier(secs(45), secs(20), secs(90));
  public static final TimeoutTier LARGE = new TimeoutTier(secs(60), secs(30), secs(120));
  public static final TimeoutTier HUGE = new TimeoutTier(secs(90), secs(60), secs(180));

  public TimeoutTier {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(podListPage, "podListPage");
    Objects.requireNonNull(deadline, "deadline");
    if (request.isNegative()
        || request.isZero()
        || podListPage.isNegative()
        || podListPage.isZero()
        || deadline.isNegative()
        || deadline.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /** A tier with the default deadline: two request timeouts. */
  public TimeoutTier(Duration request, Duration podListPage) {
    this(request, podListPage, request == null ? null : request.multipliedBy(2));
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
   * {@code --request-timeout}: one value for both the request and the pod-list page timeout; the
   * deadline stays the tier's (a short request timeout must not cut a long listing short). A null
   * override leaves this tier unchanged.
   */
  public TimeoutTier withOverride(Duration requestTimeout) {
    return requestTimeout == null
        ? this
        : new TimeoutTier(requestTimeout, requestTimeout, deadline);
  }

  /** "30s", "1m30s", "250ms": how timeouts read in messages. */
  public static String format(Duration d) {
    return dev.knm.cluster.Deadline.format(d);
  }

  private static Duration secs(long s) {
    return Duration.ofSeconds(s);
  }
}
