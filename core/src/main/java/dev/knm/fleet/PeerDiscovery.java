package dev.knm.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the knm instances to reach, from the first source that is set: an explicit list, else
 * POD_IPS with POD_PORT, else INSTANCE_ADDRESSES, else the headless Service {@code
 * SERVICE_NAME.POD_NAMESPACE.svc.cluster.local} through DNS (with POD_PORT). An instance never
 * lists itself: the addresses in {@code self} are left out.
 */
public final class PeerDiscovery {
  private final Map<String, String> env;
  private final HostResolver resolver;

  public PeerDiscovery(Map<String, String> env, HostResolver resolver) {
    this.env = env;
    this.resolver = resolver;
  }

  /** True when some source is set: commands then broadcast on their own. */
  public boolean configured() {
    return set(FleetEnv.POD_IPS)
        || set(FleetEnv.INSTANCE_ADDRESSES)
        || (set(FleetEnv.SERVICE_NAME) && set(FleetEnv.POD_NAMESPACE));
  }

  /**
   * The instances, {@code explicit} first when not empty.
   *
   * @param self this process's own addresses, never returned
   * @throws dev.knm.error.UsageException for a malformed address or port in a variable
   */
  public Peers discover(List<InstanceAddress> explicit, Set<InstanceAddress> self) {
    if (!explicit.isEmpty()) {
      return peers(explicit, "--instances", self, null);
    }
    if (set(FleetEnv.POD_IPS)) {
      int port = port();
      List<InstanceAddress> found = new ArrayList<>();
      for (String ip : split(env.get(FleetEnv.POD_IPS))) {
        found.add(InstanceAddress.parse(hostPort(ip, port), FleetEnv.POD_IPS));
      }
      return peers(found, FleetEnv.POD_IPS, self, null);
    }
    if (set(FleetEnv.INSTANCE_ADDRESSES)) {
      List<InstanceAddress> found = new ArrayList<>();
      for (String a : split(env.get(FleetEnv.INSTANCE_ADDRESSES))) {
        found.add(InstanceAddress.parse(a, FleetEnv.INSTANCE_ADDRESSES));
      }
      return peers(found, FleetEnv.INSTANCE_ADDRESSES, self, null);
    }
    if (set(FleetEnv.SERVICE_NAME) && set(FleetEnv.POD_NAMESPACE)) {
      String name = serviceDnsName();
      String source = "DNS " + name;
      int port = port();
      try {
        List<InstanceAddress> found = new ArrayList<>();
        for (InetAddress ip : resolver.resolve(name)) {
          found.add(InstanceAddress.of(ip, port));
        }
        return peers(found, source, self, null);
      } catch (UnknownHostException e) {
        return new Peers(List.of(), source, "cannot resolve " + name);
      }
    }
    return new Peers(List.of(), "none", null);
  }

  /** {@code SERVICE_NAME.POD_NAMESPACE.svc.<KNM_CLUSTER_DOMAIN or cluster.local>}. */
  public String serviceDnsName() {
    String domain = set(FleetEnv.CLUSTER_DOMAIN) ? env.get(FleetEnv.CLUSTER_DOMAIN).strip() : "";
    return env.get(FleetEnv.SERVICE_NAME).strip()
        + "."
        + env.get(FleetEnv.POD_NAMESPACE).strip()
        + ".svc."
        + (domain.isEmpty() ? "cluster.local" : domain);
  }

  /**
   * This process's own addresses when it serves on {@code bound}: that address, and POD_IP with the
   * bound port (how the others list it).
   */
  public Set<InstanceAddress> selfAddresses(InstanceAddress bound) {
    Set<InstanceAddress> self = new LinkedHashSet<>();
    self.add(bound);
    if (set(FleetEnv.POD_IP)) {
      self.add(new InstanceAddress(env.get(FleetEnv.POD_IP).strip(), bound.port()));
    }
    return self;
  }

  private static Peers peers(
      List<InstanceAddress> found, String source, Set<InstanceAddress> self, String problem) {
    LinkedHashSet<InstanceAddress> unique = new LinkedHashSet<>(found);
    unique.removeAll(self);
    return new Peers(List.copyOf(unique), source, problem);
  }

  private int port() {
    if (!set(FleetEnv.POD_PORT)) {
      return FleetEnv.DEFAULT_PORT;
    }
    String p = env.get(FleetEnv.POD_PORT).strip();
    if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
      throw new dev.knm.error.UsageException(
          "invalid " + FleetEnv.POD_PORT + " '" + p + "': expected a port number (1-65535)");
    }
    return Integer.parseInt(p);
  }

  private static String hostPort(String ip, int port) {
    return ip.indexOf(':') >= 0 && !ip.startsWith("[") ? "[" + ip + "]:" + port : ip + ":" + port;
  }

  private static List<String> split(String list) {
    List<String> out = new ArrayList<>();
    for (String s : list.split("[,\\s]+")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  private boolean set(String var) {
    String v = env.get(var);
    return v != null && !v.isBlank();
  }
}
