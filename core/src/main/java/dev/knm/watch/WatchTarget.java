package dev.knm.watch;

import dev.knm.kube.transport.TimeoutTier;
import java.util.Objects;

/**
 * A cluster to watch: its name, its flat kubeconfig (secret: never shown by {@link #toString()})
 * and the timeout tier of its requests.
 */
public record WatchTarget(String name, String kubeconfigYaml, TimeoutTier tier) {
  public WatchTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kubeconfigYaml, "kubeconfigYaml");
    Objects.requireNonNull(tier, "tier");
  }

  @Override
  public String toString() {
    return "WatchTarget[" + name + "]";
  }
}
