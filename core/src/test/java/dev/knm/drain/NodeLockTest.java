package dev.knm.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.audit.Operator;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeClientFactory;
import dev.knm.kube.transport.ReadRetryPolicy;
import dev.knm.kube.transport.TimeoutCounter;
import dev.knm.kube.transport.TimeoutTier;
import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The drain lock: a Lease per node in kube-system, held, refused, expired, taken over. */
class NodeLockTest {
  static Sandbox sb;
  static ClusterClient client;
  static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
  static final Operator ME = new Operator("bob", "host-a", ProcessHandle.current().pid());

  @BeforeAll
  static void start() {
    sb = Sandbox.start(SandboxOptions.builder().nodes(1).pods(0).build());
    client =
        new KubeClientFactory(
                ReadRetryPolicy.withBaseDelay(Duration.ofMillis(5)), TimeoutCounter.counting())
            .create("sb", sb.kubeconfigYaml(), TimeoutTier.SMALL);
  }

  @AfterAll
  static void stop() {
    client.close();
    sb.close();
  }

  static NodeLock lock(Operator who, String drain, Instant now) {
    return new NodeLock(client, who, drain, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void the_lease_lives_in_kube_system_never_in_kube_node_lease() {
    lock(ME, "d-1", T0).acquire("n-1", false);

    assertThat(sb.store().get(ResourceType.LEASE, "kube-system", "knm-drain-n-1")).isNotNull();
    assertThat(sb.store().list(ResourceType.LEASE, "kube-node-lease", null)).isEmpty();
    var lease = sb.store().get(ResourceType.LEASE, "kube-system", "knm-drain-n-1").node();
    assertThat(lease.path("spec").path("holderIdentity").asText())
        .isEqualTo("bob@host-a pid " + ME.pid() + " drain d-1");
    assertThat(lease.path("spec").path("leaseDurationSeconds").asInt()).isEqualTo(30);
    assertThat(lease.path("spec").path("renewTime").asText())
        .isEqualTo("2026-12-01T12:00:00.000000Z");
    assertThat(lease.path("metadata").path("annotations").path("knm.dev/user").asText())
        .isEqualTo("bob");
    lock(ME, "d-1", T0).release("n-1");
    assertThat(sb.store().get(ResourceType.LEASE, "kube-system", "knm-drain-n-1")).isNull();
  }

  @Test
  void a_live_lease_of_another_drain_is_refused_naming_its_holder() {
    lock(ME, "d-2", T0).acquire("n-2", false);
    Operator alice = new Operator("alice", "host-b", 77);

    assertThatThrownBy(() -> lock(alice, "d-3", T0.plusSeconds(29)).acquire("n-2", false))
        .isInstanceOf(DrainLockedException.class)
        .hasMessage(
            "node n-2 is being drained by bob@host-a (pid "
                + ME.pid()
                + ", drain d-2) since 2026-12-01T12:00:00Z; its lock (lease"
                + " kube-system/knm-drain-n-2) is held until 2026-12-01T12:00:30Z");
    // resuming another drain does not take it either
    assertThatThrownBy(() -> lock(alice, "d-3", T0.plusSeconds(29)).acquire("n-2", true))
        .isInstanceOf(DrainLockedException.class);
  }

  @Test
  void an_expired_lease_is_taken_over_and_renewal_tells_the_loser() {
    lock(ME, "d-4", T0).acquire("n-4", false);
    Operator alice = new Operator("alice", "host-b", 77);

    lock(alice, "d-5", T0.plusSeconds(31)).acquire("n-4", false);

    var spec =
        sb.store().get(ResourceType.LEASE, "kube-system", "knm-drain-n-4").node().path("spec");
    assertThat(spec.path("holderIdentity").asText()).isEqualTo("alice@host-b pid 77 drain d-5");
    assertThat(spec.path("leaseTransitions").asInt()).isEqualTo(1);
    assertThat(lock(ME, "d-4", T0.plusSeconds(32)).renew("n-4")).isFalse();
    assertThat(lock(alice, "d-5", T0.plusSeconds(32)).renew("n-4")).isTrue();
  }

  @Test
  void resume_takes_over_its_own_drains_lease_when_its_process_is_gone() {
    Operator dead = new Operator("bob", "host-a", deadPid());
    lock(dead, "d-6", T0).acquire("n-6", false);

    // a fresh drain is refused; the resume of d-6 on the same host takes it over at once
    assertThatThrownBy(() -> lock(ME, "d-7", T0.plusSeconds(1)).acquire("n-6", false))
        .isInstanceOf(DrainLockedException.class);
    lock(ME, "d-6", T0.plusSeconds(1)).acquire("n-6", true);
    assertThat(
            sb.store()
                .get(ResourceType.LEASE, "kube-system", "knm-drain-n-6")
                .node()
                .path("spec")
                .path("holderIdentity")
                .asText())
        .isEqualTo("bob@host-a pid " + ME.pid() + " drain d-6");
  }

  @Test
  void names_stay_valid_for_long_node_names() {
    String longNode = "n".repeat(250);
    assertThat(NodeLock.leaseName(longNode))
        .hasSizeLessThanOrEqualTo(253)
        .startsWith("knm-drain-nnn");
    assertThat(NodeLock.leaseName("a.b")).isEqualTo("knm-drain-a.b");
  }

  /** A pid no process has (a short-lived child's, once it ended). */
  static long deadPid() {
    try {
      Process p = new ProcessBuilder("true").start();
      p.waitFor();
      return p.pid();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
