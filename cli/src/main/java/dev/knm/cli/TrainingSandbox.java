package dev.knm.cli;

import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import java.nio.file.Path;

/**
 * A tiny in-process sandbox (HTTPS, token and client-certificate users) for the class-data-sharing
 * training run, so the archive also holds what the Kubernetes commands load (TLS, HTTP, JSON). Kept
 * out of {@link CdsTrainingCommand}, which picocli reflects over for --help: no other command loads
 * a sandbox class.
 */
final class TrainingSandbox implements AutoCloseable {
  private final Sandbox sandbox;

  TrainingSandbox() {
    sandbox = Sandbox.start(SandboxOptions.builder().nodes(3).pods(12).seed(7).build());
  }

  /** Writes the kubeconfig: context {@code sandbox} (token, current) and {@code sandbox-cert}. */
  Path writeKubeconfig(Path file) {
    return sandbox.writeKubeconfig(file);
  }

  /** The name of one of its nodes. */
  String aNode() {
    return sandbox.store().list(ResourceType.NODE, null, null).get(0).name();
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
