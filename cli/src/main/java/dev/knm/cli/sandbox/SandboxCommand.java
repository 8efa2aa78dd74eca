package dev.knm.cli.sandbox;

import dev.knm.cli.BaseCommand;
import dev.knm.error.InvalidInputException;
import dev.knm.sandbox.Faults;
import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `knm sandbox`: a simulated Kubernetes API server to try knm (and kubectl) against. Sandbox
 * classes are touched only inside call(), so other commands never load them.
 */
@Command(
    name = "sandbox",
    description = {
      "Serve a simulated Kubernetes API server (HTTPS, token auth) until stopped, and write a",
      "kubeconfig for it. Real kubectl works against it. Fault flags make it misbehave on purpose;",
      "they can be changed at run time with POST <url>/_sandbox/faults."
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
    Faults faults = new Faults();
    faults.latency(duration(latency, "--latency"), duration(jitter, "--jitter"));
    faults.errorRate(errorRate);
    faults.throttleRate(throttleRate, retryAfter);
    if (continueTtl != null) {
      faults.continueTokenTtl(duration(continueTtl, "--continue-ttl"));
    }
    if (dropWatches != null) {
      faults.dropWatchesEvery(duration(dropWatches, "--drop-watches"));
    }
    SandboxOptions.Builder options =
        SandboxOptions.builder().nodes(nodes).pods(pods).port(port).seed(seed).faults(faults);
    if (preset != null) {
      options.preset(preset);
    }
    if (churn > 0) {
      options.churnPerSecond(churn);
    }
    CountDownLatch stop = new CountDownLatch(1);
    try (Sandbox sandbox = Sandbox.start(options.build())) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "sandbox-stop"));
      Path written = writeAtomically(sandbox);
      out()
          .printf(
              "sandbox serving %s with %d nodes and %d pods%n",
              sandbox.url(),
              sandbox.store().count(ResourceType.NODE),
              sandbox.store().count(ResourceType.POD));
      out().println("kubeconfig: " + written.toAbsolutePath());
      out().flush();
      notice("try: knm import sandbox --kubeconfig " + written + "   (Ctrl-C stops the sandbox)");
      stop.await();
    }
    return 0;
  }

  /** Scripts wait for the file to appear: it must never be seen half-written. */
  private Path writeAtomically(Sandbox sandbox) {
    Path target = kubeconfigOut.toAbsolutePath();
    try {
      Path dir = target.getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".knm-sandbox-", ".tmp");
      sandbox.writeKubeconfig(tmp);
      return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new InvalidInputException("cannot write kubeconfig " + target + ": " + e.getMessage());
    }
  }

  static Duration duration(String text, String option) {
    if (text == null) {
      return Duration.ZERO;
    }
    return dev.knm.cli.options.Durations.parse(text, option);
  }
}
