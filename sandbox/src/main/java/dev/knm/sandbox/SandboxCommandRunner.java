package dev.knm.sandbox;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The process form ({@code knm sandbox}): start, print where the kubeconfig is, serve until
 * stopped. No static state, so loading this class costs nothing for other commands.
 */
public final class SandboxCommandRunner {
  private SandboxCommandRunner() {}

  /**
   * Starts a sandbox, writes its kubeconfig to {@code kubeconfigOut}, prints the URL and path to
   * {@code out}, then blocks until {@code stop} counts down (or forever when null) or the JVM
   * exits. Fault knobs can be changed at run time with {@code POST /_sandbox/faults}.
   *
   * @return the exit code (0)
   */
  public static int run(
      SandboxOptions options, Path kubeconfigOut, PrintStream out, CountDownLatch stop)
      throws InterruptedException {
    long t0 = System.nanoTime();
    Sandbox sb = Sandbox.start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(sb::close, "sandbox-shutdown"));
    Path kc = sb.writeKubeconfig(kubeconfigOut);
    out.printf(
        "sandbox serving %s with %d nodes and %d pods (started in %d ms)%n",
        sb.url(),
        sb.store().count(ResourceType.NODE),
        sb.store().count(ResourceType.POD),
        (System.nanoTime() - t0) / 1_000_000);
    out.println("kubeconfig: " + kc.toAbsolutePath());
    out.println(
        "faults: curl -k -X POST " + sb.url() + "/_sandbox/faults -d '{\"errorRate\":0.1}'");
    out.flush();
    try {
      (stop == null ? new CountDownLatch(1) : stop).await();
    } finally {
      sb.close();
    }
    return 0;
  }

  /**
   * Command-line form for scripts: {@code --nodes N --pods M --preset P --port N --kubeconfig F
   * --seed S --churn R --heartbeat-ms N --flap NODE --flap-ms N --compact-s N --grace-cap-ms N
   * --latency-ms N --jitter-ms N --error-rate R --throttle-rate R --retry-after N --drop-watches-s
   * N --continue-ttl-s N}.
   */
  public static void main(String[] args) throws InterruptedException {
    SandboxOptions.Builder b = SandboxOptions.builder();
    Faults f = new Faults();
    Path kc = Path.of("sandbox.kubeconfig");
    long lat = 0;
    long jit = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (a) {
        case "--nodes" -> b.nodes(Integer.parseInt(v));
        case "--pods" -> b.pods(Integer.parseInt(v));
        case "--preset" -> b.preset(v);
        case "--port" -> b.port(Integer.parseInt(v));
        case "--seed" -> b.seed(Long.parseLong(v));
        case "--kubeconfig" -> kc = Path.of(v);
        case "--churn" -> b.churnPerSecond(Double.parseDouble(v));
        case "--heartbeat-ms" -> b.heartbeatInterval(Duration.ofMillis(Long.parseLong(v)));
        case "--flap" -> b.flappingNodes(v);
        case "--flap-ms" -> b.flapInterval(Duration.ofMillis(Long.parseLong(v)));
        case "--compact-s" -> f.compactEvery(Duration.ofSeconds(Long.parseLong(v)));
        case "--grace-cap-ms" -> b.graceCap(Duration.ofMillis(Long.parseLong(v)));
        case "--latency-ms" -> lat = Long.parseLong(v);
        case "--jitter-ms" -> jit = Long.parseLong(v);
        case "--error-rate" -> f.errorRate(Double.parseDouble(v));
        case "--throttle-rate" -> f.throttleRate(Double.parseDouble(v), 1);
        case "--drop-watches-s" -> f.dropWatchesEvery(Duration.ofSeconds(Long.parseLong(v)));
        case "--continue-ttl-s" -> f.continueTokenTtl(Duration.ofSeconds(Long.parseLong(v)));
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
      i++;
    }
    f.latency(Duration.ofMillis(lat), Duration.ofMillis(jit));
    System.exit(run(b.faults(f).build(), kc, System.out, null));
  }
}
