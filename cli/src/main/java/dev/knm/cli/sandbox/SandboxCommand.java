package dev.knm.cli.sandbox;

import dev.knm.cli.BaseCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `knm sandbox`: a simulated Kubernetes API server to try knm (and kubectl) against. This class
 * names no sandbox type (picocli reflects over it for every command); {@link SandboxServer} does
 * the work, so other commands never load the sandbox's classes.
 */
@Command(
    name = "sandbox",
    description = {
      "Serve a simulated Kubernetes API server until stopped, and write a kubeconfig for it.",
      "It speaks HTTPS with token or client-certificate auth, and real kubectl works against it."
          + " Fault flags make it misbehave on purpose; they can be changed at run time with POST"
          + " <url>/_sandbox/faults."
    })
public final class SandboxCommand extends BaseCommand {
  @Option(names = "--nodes", paramLabel = "N", defaultValue = "5", description = "Nodes")
  int nodes;

  @Option(names = "--pods", paramLabel = "M", defaultValue = "40", description = "Pods")
  int pods;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description = "A ready-made scenario (gpu-large: 104 nodes, 83 GPU nodes, 872 GPUs)")
  String preset;

  @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "Port (0: any)")
  int port;

  @Option(
      names = "--kubeconfig-out",
      paramLabel = "FILE",
      defaultValue = "knm-sandbox.kubeconfig",
      description = "Where to write the kubeconfig (default: ${DEFAULT-VALUE})")
  Path kubeconfigOut;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Scenario seed")
  long seed;

  @Option(names = "--churn", paramLabel = "R", description = "Pods created/deleted per second")
  double churn;

  @Option(names = "--latency", paramLabel = "DURATION", description = "Added latency, e.g. 200ms")
  String latency;

  @Option(names = "--jitter", paramLabel = "DURATION", description = "Latency jitter, e.g. 50ms")
  String jitter;

  @Option(names = "--error-rate", paramLabel = "R", description = "Share of 5xx answers (0-1)")
  double errorRate;

  @Option(names = "--throttle-rate", paramLabel = "R", description = "Share of 429 answers (0-1)")
  double throttleRate;

  @Option(
      names = "--retry-after",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description = "Retry-After of 429 answers")
  int retryAfter;

  @Option(
      names = "--continue-ttl",
      paramLabel = "DURATION",
      description = "Lifetime of list continue tokens, e.g. 5s")
  String continueTtl;

  @Option(
      names = "--drop-watches",
      paramLabel = "DURATION",
      description = "Drop every watch after this long, e.g. 30s")
  String dropWatches;

  @Override
  public Integer call() throws InterruptedException {
    return new SandboxServer(this).serve();
  }

  void printf(String format, Object... args) {
    out().printf(format, args);
    out().flush();
  }

  void hint(String message) {
    notice(message);
  }
}
