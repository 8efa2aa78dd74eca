package dev.knm.cluster.kubeconfig;

import java.nio.file.Path;

/**
 * Raw kubeconfig bytes and where they came from. {@code origin} names the source in messages
 * ("config.yaml", "stdin"); {@code baseDir} resolves relative file references (null for stdin:
 * relative references are then resolved against the working directory).
 */
public record KubeconfigSource(String origin, byte[] bytes, Path baseDir) {
  @Override
  public String toString() {
    return "KubeconfigSource[" + origin + ", " + bytes.length + " bytes]";
  }
}
