package dev.knm.fleet;

import java.util.List;

/**
 * The instances discovery found.
 *
 * @param instances the addresses, in the order the source gave them, without duplicates or self
 * @param source where they came from: "--instances", "POD_IPS", "INSTANCE_ADDRESSES", "DNS
 *     name.ns.svc.cluster.local", or "none"
 * @param problem why a configured source gave nothing (a DNS failure), else null
 */
public record Peers(List<InstanceAddress> instances, String source, String problem) {
  public Peers {
    instances = List.copyOf(instances);
  }

  /** True when some source was configured (even if it found nothing). */
  public boolean configured() {
    return !source.equals("none");
  }
}
