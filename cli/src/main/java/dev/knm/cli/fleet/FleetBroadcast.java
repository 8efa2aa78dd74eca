package dev.knm.cli.fleet;

import dev.knm.fleet.BroadcastReport;
import dev.knm.fleet.FleetEnv;
import dev.knm.fleet.HostResolver;
import dev.knm.fleet.InstanceAddress;
import dev.knm.fleet.PeerDiscovery;
import dev.knm.fleet.Peers;
import dev.knm.fleet.ReloadBroadcaster;
import dev.knm.fleet.ServerTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * A reload broadcast from a knm command: discovery from the environment (or the explicit list), the
 * token, HTTPS when {@code KNM_FLEET_CA_FILE} is set. A command is not an instance: it leaves
 * nothing out, not even the instance in its own pod (that one did not see the change either).
 */
final class FleetBroadcast {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  static final int DEFAULT_CONCURRENCY = 64;

  private FleetBroadcast() {}

  static Peers discover(Map<String, String> env, List<InstanceAddress> explicit) {
    return new PeerDiscovery(env, HostResolver.SYSTEM).discover(explicit, Set.of());
  }

  static boolean configured(Map<String, String> env) {
    return new PeerDiscovery(env, HostResolver.SYSTEM).configured();
  }

  static ReloadBroadcaster broadcaster(
      Map<String, String> env,
      Duration timeout,
      int concurrency,
      char[] token,
      ReloadBroadcaster.Schedule schedule) {
    String ca = env.get(FleetEnv.FLEET_CA_FILE);
    SSLContext tls =
        ca == null || ca.isBlank()
            ? null
            : ServerTls.trusting(Path.of(ca.strip()), FleetEnv.FLEET_CA_FILE);
    return new ReloadBroadcaster(
        new ReloadBroadcaster.Options(timeout, concurrency, token, tls, schedule));
  }

  static String millis(Duration d) {
    long ms = d.toMillis();
    return ms < 1000 ? ms + "ms" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
  }

  static String summary(BroadcastReport report) {
    return "reload of cluster/"
        + report.cluster()
        + " acknowledged by "
        + report.acknowledged()
        + " of "
        + report.results().size()
        + " instance"
        + (report.results().size() == 1 ? "" : "s");
  }
}
