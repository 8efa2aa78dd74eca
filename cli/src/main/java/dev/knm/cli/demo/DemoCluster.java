package dev.knm.cli.demo;

import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's cluster: an in-process sandbox with the seeds' large GPU cluster ({@code knm sandbox
 * --preset gpu-large}: 104 nodes, 83 with GPUs, 872 GPUs, 3,000 pods, node 10-16-10-114.maas
 * flapping), flapping fast enough to be seen in a few seconds of watch.
 */
final class DemoCluster implements AutoCloseable {
  static final String NAME = "gpu-large";

  /** The preset's flapping node. */
  static final String FLAPPING_NODE = "10-16-10-114.maas";

  /** A 16-GPU worker with about 30 pods of every kind (with seed 1, as `knm sandbox`). */
  static final String GPU_NODE = "10-16-10-188.maas";

  private final Sandbox sandbox;

  private DemoCluster(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  static DemoCluster start() {
    return new DemoCluster(
        Sandbox.start(
            SandboxOptions.builder()
                .preset("gpu-large")
                .seed(1)
                .flapInterval(Duration.ofSeconds(2))
                // evicted pods go within a second: the drain's progress is seen, not waited for
                .graceCap(Duration.ofSeconds(1))
                .build()));
  }

  String url() {
    return sandbox.url();
  }

  int port() {
    return sandbox.port();
  }

  Path writeKubeconfig(Path file) {
    return sandbox.writeKubeconfig(file);
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
