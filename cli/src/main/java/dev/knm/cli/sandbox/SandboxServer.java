package dev.knm.cli.sandbox;

import dev.knm.cli.options.Durations;
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

/** Runs a sandbox with the options of a `knm sandbox` command until the process is stopped. */
final class SandboxServer {
  private final SandboxCommand cmd;

  SandboxServer(SandboxCommand cmd) {
    this.cmd = cmd;
  }

  int serve() throws InterruptedException {
    Faults faults = new Faults();
    faults.latency(duration(cmd.latency, "--latency"), duration(cmd.jitter, "--jitter"));
    faults.errorRate(cmd.errorRate);
    faults.throttleRate(cmd.throttleRate, cmd.retryAfter);
    if (cmd.continueTtl != null) {
      faults.continueTokenTtl(duration(cmd.continueTtl, "--continue-ttl"));
    }
    if (cmd.dropWatches != null) {
      faults.dropWatchesEvery(duration(cmd.dropWatches, "--drop-watches"));
    }
    if (cmd.compactEvery != null) {
      faults.compactEvery(duration(cmd.compactEvery, "--compact-every"));
    }
    SandboxOptions.Builder options =
        SandboxOptions.builder()
            .nodes(cmd.nodes)
            .pods(cmd.pods)
            .port(cmd.port)
            .seed(cmd.seed)
            .faults(faults);
    if (cmd.preset != null) {
      options.preset(cmd.preset);
    }
    if (cmd.heartbeatInterval != null) {
      options.heartbeatInterval(duration(cmd.heartbeatInterval, "--heartbeat-interval"));
    }
    if (!cmd.flapping.isEmpty()) {
      Duration flap = duration(cmd.flapInterval, "--flap-interval");
      if (flap.isZero()) {
        throw new dev.knm.error.UsageException("--flap-interval must be longer than 0");
      }
      options.flappingNodes(cmd.flapping.toArray(String[]::new));
      options.flapInterval(flap);
    }
    if (cmd.churn > 0) {
      options.churnPerSecond(cmd.churn);
    }
    CountDownLatch stop = new CountDownLatch(1);
    try (Sandbox sandbox = Sandbox.start(options.build())) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "sandbox-stop"));
      Path written = writeAtomically(sandbox);
      cmd.printf(
          "sandbox serving %s with %d nodes and %d pods%n",
          sandbox.url(),
          sandbox.store().count(ResourceType.NODE),
          sandbox.store().count(ResourceType.POD));
      cmd.printf("kubeconfig: %s%n", written.toAbsolutePath());
      cmd.hint("try: " + nextStep(written) + "   (Ctrl-C stops the sandbox)");
      stop.await();
    }
    return 0;
  }

  /**
   * What to run next, as the README's sandbox one-liner (under demo) does it after starting a
   * sandbox ("%s": the kubeconfig written). Keep the two the same: SandboxServerTest compares them.
   */
  static final String NEXT_STEP =
      "knm import demo --kubeconfig %s --overwrite -l env=demo && knm list";

  static String nextStep(Path kubeconfig) {
    return String.format(NEXT_STEP, kubeconfig);
  }

  /** Scripts wait for the file to appear: it must never be seen half-written. */
  private Path writeAtomically(Sandbox sandbox) {
    Path target = cmd.kubeconfigOut.toAbsolutePath();
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
    return Durations.parse(text, option);
  }
}
