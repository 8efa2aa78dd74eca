package dev.knm.cli.fleet;

import dev.knm.fleet.BroadcastReport;
import dev.knm.fleet.FleetEnv;
import dev.knm.fleet.InstanceResult;
import dev.knm.fleet.Peers;
import dev.knm.fleet.ReloadBroadcaster;
import dev.knm.fleet.ReloadTokens;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What import, remove and rotate-key do after their change is committed when discovery is
 * configured (POD_IPS, INSTANCE_ADDRESSES or SERVICE_NAME+POD_NAMESPACE): tell every instance to
 * reload the clusters, and say how many acknowledged. The change itself is done either way (and
 * instances on a PostgreSQL store also learn it through LISTEN/NOTIFY), so a failed instance is a
 * warning, not an error: the exit code stays the command's.
 */
public final class AutoBroadcast {
  private AutoBroadcast() {}

  /** True when discovery is configured: commands then broadcast. */
  public static boolean configured(Map<String, String> env) {
    return FleetBroadcast.configured(env);
  }

  /** Broadcasts a reload of each cluster; nothing at all when discovery is not configured. */
  public static void after(
      Map<String, String> env, List<String> clusters, Consumer<String> notice) {
    if (clusters.isEmpty() || !FleetBroadcast.configured(env)) {
      return;
    }
    Peers peers;
    ReloadBroadcaster broadcaster;
    try {
      peers = FleetBroadcast.discover(env, List.of());
      broadcaster =
          FleetBroadcast.broadcaster(
              env,
              FleetBroadcast.DEFAULT_TIMEOUT,
              FleetBroadcast.DEFAULT_CONCURRENCY,
              ReloadTokens.load(null, env),
              ReloadBroadcaster.Schedule.SLIDING_WINDOW);
    } catch (RuntimeException e) {
      notice.accept("warning: no reload broadcast: " + e.getMessage());
      return;
    }
    if (peers.instances().isEmpty()) {
      notice.accept(
          "warning: no other instances found from "
              + peers.source()
              + (peers.problem() == null ? "" : " (" + peers.problem() + ")")
              + "; instances on a PostgreSQL store still learn of it through "
              + "LISTEN/NOTIFY");
      return;
    }
    for (String cluster : clusters) {
      BroadcastReport report =
          broadcaster.broadcast(cluster, peers.instances(), ReloadBroadcaster.Listener.NONE);
      notice.accept(FleetBroadcast.summary(report) + " (from " + peers.source() + ")");
      for (InstanceResult r : report.results()) {
        if (!r.ok()) {
          notice.accept(
              "warning: instance "
                  + (r.instance() != null ? r.instance() + " (" + r.address() + ")" : r.address())
                  + " did not reload cluster/"
                  + cluster
                  + ": "
                  + r.failure()
                  + (r.failure().startsWith("HTTP 401")
                      ? " (check " + FleetEnv.RELOAD_TOKEN + ")"
                      : ""));
        }
      }
    }
  }
}
