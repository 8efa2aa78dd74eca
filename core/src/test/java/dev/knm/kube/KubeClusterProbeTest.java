package dev.knm.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.cluster.ClusterProbe.Depth;
import dev.knm.cluster.ProbeResult;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.InvalidInputException;
import dev.knm.kube.transport.KubeClientFactory;
import dev.knm.kube.transport.ReadRetryPolicy;
import dev.knm.kube.transport.TimeoutCounter;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubeClusterProbeTest {
  private FakeKubeApi api;
  private KubeClusterProbe probe;

  @BeforeEach
  void given_a_cluster_with_two_gpu_nodes_one_ready() {
    api = new FakeKubeApi();
    api.node("a", NodeReaderTest.node("a", "True", false, "", ""));
    api.node("b", NodeReaderTest.node("b", "False", false, "", ""));
    probe =
        new KubeClusterProbe(
            new KubeClientFactory(
                ReadRetryPolicy.withBaseDelay(Duration.ofMillis(5)), TimeoutCounter.counting()));
  }

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void version_depth_asks_version_only() {
    ProbeResult r = probe.probe("prod-eu", api.kubeconfig(), Depth.VERSION);

    assertThat(r).isEqualTo(new ProbeResult("v1.31.4", null, null, null, null, null));
    assertThat(api.requests).containsExactly("/version");
    assertThat(api.authorizations).containsExactly("Bearer secret-token");
  }

  @Test
  void nodes_depth_counts_nodes_and_sums_allocatable() {
    ProbeResult r = probe.probe("prod-eu", api.kubeconfig(), Depth.NODES);

    assertThat(r).isEqualTo(new ProbeResult("v1.31.4", 2, 1, 127_000L, 2L * (256L << 30), 16L));
    assertThat(api.requests).containsExactly("/version", "/api/v1/nodes?limit=500");
  }

  @Test
  void version_is_not_retried() {
    api.fault(503, null, "");

    assertThatThrownBy(() -> probe.probe("prod-eu", api.kubeconfig(), Depth.VERSION))
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessage("cluster prod-eu: GET /version failed (503 Service Unavailable)");
    assertThat(api.requests).hasSize(1);
  }

  @Test
  void unparseable_kubeconfig_never_echoes_it() {
    assertThatThrownBy(() -> probe.probe("prod-eu", "{{{ token: s3cr3t", Depth.VERSION))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("cluster prod-eu: its stored kubeconfig cannot be read; import it again");
  }
}
