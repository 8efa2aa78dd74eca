package dev.knm.kube.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.kube.FakeKubeApi;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientPoolTest {
  private FakeKubeApi api;
  private final AtomicLong now = new AtomicLong();
  private final KubeClientFactory factory = KubeClientFactory.standard();

  @BeforeEach
  void given_a_server() {
    api = new FakeKubeApi();
  }

  @AfterEach
  void close() {
    api.close();
  }

  private ClusterClient make(String name) {
    return factory.create(name, api.kubeconfig(), TimeoutTier.SMALL);
  }

  private static boolean closed(ClusterClient c) {
    return c.isClosed();
  }

  @Test
  void least_recently_used_is_evicted_and_closed() {
    ClientPool pool = new ClientPool(2, Duration.ofMinutes(10), now::get);
    ClusterClient a = pool.get("a", () -> make("a"));
    ClusterClient b = pool.get("b", () -> make("b"));
    assertThat(pool.get("a", () -> make("a-again"))).isSameAs(a);

    ClusterClient c = pool.get("c", () -> make("c"));

    assertThat(pool.contains("b")).isFalse();
    assertThat(closed(b)).isTrue();
    assertThat(closed(a)).isFalse();
    assertThat(closed(c)).isFalse();
    assertThat(pool.size()).isEqualTo(2);
    pool.close();
    assertThat(closed(a)).isTrue();
    assertThat(closed(c)).isTrue();
  }

  @Test
  void idle_clients_are_closed_by_cleanup() {
    ClientPool pool = new ClientPool(100, Duration.ofMinutes(10), now::get);
    ClusterClient a = pool.get("a", () -> make("a"));
    now.addAndGet(Duration.ofMinutes(6).toNanos());
    ClusterClient b = pool.get("b", () -> make("b"));
    now.addAndGet(Duration.ofMinutes(5).toNanos());

    int closedCount = pool.evictIdle();

    assertThat(closedCount).isEqualTo(1);
    assertThat(closed(a)).isTrue();
    assertThat(closed(b)).isFalse();
    assertThat(pool.contains("a")).isFalse();
    assertThat(pool.contains("b")).isTrue();
    pool.close();
  }

  @Test
  void getting_a_client_closes_the_idle_ones() {
    // given a client unused for longer than the idle time
    ClientPool pool = new ClientPool(100, Duration.ofMinutes(10), now::get);
    ClusterClient a = pool.get("a", () -> make("a"));
    now.addAndGet(Duration.ofMinutes(11).toNanos());

    // when another cluster's client is asked for
    pool.get("b", () -> make("b"));

    // then the idle one is gone and closed
    assertThat(closed(a)).isTrue();
    assertThat(pool.contains("a")).isFalse();
    assertThat(pool.size()).isEqualTo(1);
    pool.close();
  }

  @Test
  void a_sweeping_pool_closes_idle_clients_without_being_asked() throws InterruptedException {
    // given a sweeping pool with a short idle time and one client
    ClientPool pool = ClientPool.sweeping(Duration.ofMillis(100));
    ClusterClient a = pool.get("a", () -> make("a"));

    // when nobody uses the pool for a while (the sweep runs every second at most)
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (pool.contains("a") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    // then the sweep closed it
    assertThat(pool.contains("a")).isFalse();
    assertThat(closed(a)).isTrue();
    pool.close();
  }
}
