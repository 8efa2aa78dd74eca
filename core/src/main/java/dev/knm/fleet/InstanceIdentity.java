package dev.knm.fleet;

import java.util.Map;

/**
 * Who this instance is, in logs, metrics and replies: POD_NAME, else HOSTNAME, else NODE_ID, else
 * the address it serves on ({@code ip:port}).
 *
 * @param id the identity
 * @param source where it came from: the variable's name, or "address"
 */
public record InstanceIdentity(String id, String source) {

  public static InstanceIdentity of(Map<String, String> env, InstanceAddress serving) {
    for (String var : new String[] {FleetEnv.POD_NAME, FleetEnv.HOSTNAME, FleetEnv.NODE_ID}) {
      String v = env.get(var);
      if (v != null && !v.isBlank()) {
        return new InstanceIdentity(v.strip(), var);
      }
    }
    return new InstanceIdentity(serving.toString(), "address");
  }
}
