package dev.knm.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cluster.ClusterService;
import dev.knm.cluster.ImportRequest;
import dev.knm.cluster.kubeconfig.KubeconfigSource;
import dev.knm.crypto.EncryptionKey;
import dev.knm.store.Store;
import dev.knm.store.StoreLocation;
import dev.knm.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances in one JVM (fake informers, real store, real HTTP): changes reach all of them
 * by broadcast, by LISTEN/NOTIFY (PostgreSQL) and by polling (H2); a shutdown waits for a reload in
 * flight with readiness already 503.
 */
class ServeInstanceTest {
  private static final String TOKEN = "fleet-instances-token";
  private static final EncryptionKey KEY = EncryptionKey.generate();

  @TempDir Path dir;
  private final List<Store> stores = new ArrayList<>();
  private final List<ServeInstance> instances = new ArrayList<>();
  private final List<String> logs = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (ServeInstance i : instances) {
      i.shutdown(Duration.ofSeconds(2));
    }
    stores.forEach(Store::close);
  }

  private ServeInstance start(String url, String id, Duration poll) {
    Store store = Store.open(url);
    stores.add(store);
    ClusterService clusters =
        new ClusterService(store, KEY, (n, y, d, deadline) -> null, Clock.systemUTC());
    ServeInstance instance =
        new ServeInstance(
            new ServeInstance.Config(
                new FleetServer.Settings(
                    new InstanceAddress("127.0.0.1", 0), BearerToken.of(TOKEN.toCharArray()), null),
                ClusterReloader.Selection.allClusters(),
                poll),
            Map.of("POD_NAME", id),
            clusters,
            StoreLocation.of(url, Map.of()),
            new FakeWatchedClusters(),
            (c, n) -> new byte[0],
            (level, message, fields) -> logs.add(id + " " + message + " " + fields),
            HostResolver.SYSTEM);
    instance.start();
    instances.add(instance);
    return instance;
  }

  private static ClusterService cli(String url, List<Store> keep) {
    Store store = Store.open(url);
    keep.add(store);
    return new ClusterService(store, KEY, (n, y, d, deadline) -> null, Clock.systemUTC());
  }

  private static ImportRequest request(String name) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: https://127.0.0.1:6443
        users:
        - name: u
          user:
            token: t
        contexts:
        - name: ctx
          context:
            cluster: c
            user: u
        current-context: ctx
        """;
    return new ImportRequest(
        name,
        new KubeconfigSource("k", yaml.getBytes(StandardCharsets.UTF_8), null),
        null,
        false,
        Map.of(),
        null,
        false,
        false);
  }

  /** Waits up to {@code within} until every instance's /api/v1/clusters satisfies {@code test}. */
  private void awaitAll(Duration within, Predicate<String> test) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    List<String> last = new ArrayList<>();
    while (true) {
      last.clear();
      for (ServeInstance i : instances) {
        last.add(RawHttp.get(i.address(), "/api/v1/clusters", TOKEN).body());
      }
      if (last.stream().allMatch(test)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not every instance within " + within + ": " + last);
      }
      Thread.sleep(20);
    }
  }

  private static Predicate<String> watching(String name) {
    return body -> body.contains("\"name\" : \"" + name + "\"");
  }

  @Test
  void fourInstancesOnPostgresLearnOfImportsByBroadcastAndByNotify() throws Exception {
    String url = TestStores.freshPostgresUrl();
    for (int i = 0; i < 4; i++) {
      start(url, "knm-" + i, Duration.ofMinutes(1));
    }
    List<InstanceAddress> all = instances.stream().map(ServeInstance::address).toList();
    ClusterService cli = cli(url, stores);

    // import, then the broadcast a command makes with INSTANCE_ADDRESSES set
    cli.importClusters(request("by-broadcast"));
    BroadcastReport report =
        new ReloadBroadcaster(
                new ReloadBroadcaster.Options(Duration.ofSeconds(5), 8, TOKEN.toCharArray(), null))
            .broadcast("by-broadcast", all, ReloadBroadcaster.Listener.NONE);
    assertThat(report.acknowledged()).isEqualTo(4);
    assertThat(report.results())
        .extracting(InstanceResult::instance)
        .containsExactly("knm-0", "knm-1", "knm-2", "knm-3");
    awaitAll(Duration.ofSeconds(2), watching("by-broadcast"));

    // no broadcast at all: LISTEN/NOTIFY alone
    cli.importClusters(request("by-notify"));
    awaitAll(Duration.ofSeconds(2), watching("by-notify"));
    cli.remove("by-notify", false);
    awaitAll(Duration.ofSeconds(2), watching("by-notify").negate());
    assertThat(logs).anyMatch(l -> l.startsWith("knm-3 reload ok") && l.contains("trigger=notify"));
  }

  @Test
  void aRotatedKeyTheInstanceLacksIsReportedOnceAndTheInformerKeepsRunning() throws Exception {
    String url = TestStores.freshPostgresUrl();
    ClusterService cli = cli(url, stores);
    cli.importClusters(request("kept"));
    ServeInstance instance = start(url, "knm-0", Duration.ofMinutes(1));
    awaitAll(Duration.ofSeconds(2), watching("kept"));

    // when: the store is re-sealed with a key this instance does not have
    cli.rotateKey(EncryptionKey.generate());

    // then: one failed reload, said plainly; the cluster stays watched with what it had
    waitForLog("knm-0 reload failed");
    Thread.sleep(500); // a second notification or comparison would log again by now
    assertThat(logs.stream().filter(l -> l.startsWith("knm-0 reload failed")))
        .singleElement()
        .asString()
        .contains("cluster=kept")
        .contains("trigger=notify")
        .contains("is sealed with key");
    assertThat(RawHttp.get(instance.address(), "/api/v1/clusters", TOKEN).body())
        .contains("\"name\" : \"kept\"");
    RawHttp.Response asked =
        RawHttp.post(instance.address(), "/api/v1/internal/clusters/kept/reload", TOKEN);
    assertThat(asked.status()).isEqualTo(500);
    assertThat(asked.body()).contains("\"cluster\":\"kept\"").contains("is sealed with key");
  }

  @Test
  void instancesOnOneH2FileLearnOfChangesByPolling() throws Exception {
    String url = TestStores.freshH2Url(dir);
    start(url, "a", Duration.ofMillis(200));
    start(url, "b", Duration.ofMillis(200));
    List<Store> keep = new ArrayList<>();
    ClusterService cli = cli(url, keep);
    cli.importClusters(request("polled"));
    keep.forEach(Store::close);
    awaitAll(Duration.ofSeconds(2), watching("polled"));
    ClusterService again = cli(url, stores);
    again.remove("polled", false);
    awaitAll(Duration.ofSeconds(2), watching("polled").negate());
    assertThat(logs).anyMatch(l -> l.startsWith("b reload ok") && l.contains("trigger=poll"));
  }

  @Test
  void shutdownTurnsReadiness503AndLetsTheReloadInFlightFinish() throws Exception {
    String url = TestStores.freshPostgresUrl();
    ClusterService cli = cli(url, stores);
    cli.importClusters(request("slow"));
    ServeInstance instance = start(url, "knm-0", Duration.ofMinutes(1));
    InstanceAddress address = instance.address();
    cli.importClusters(
        new ImportRequest(
            "slow", request("slow").source(), null, false, Map.of("v", "2"), null, true, false));

    try (Connection lock = DriverManager.getConnection(url);
        Statement st = lock.createStatement()) {
      // given: a reload blocked on the store (the clusters table locked by another session)
      lock.setAutoCommit(false);
      st.execute("LOCK TABLE clusters IN ACCESS EXCLUSIVE MODE");
      CompletableFuture<RawHttp.Response> reload =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return RawHttp.post(address, "/api/v1/internal/clusters/slow/reload", TOKEN);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      waitForLog("knm-0 reload requested");

      // when: a shutdown begins
      CompletableFuture<Boolean> shutdown =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return instance.shutdown(Duration.ofSeconds(20));
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });

      // then: readiness is 503 at once while the port is still open
      waitForLog("knm-0 shutting down");
      RawHttp.Response ready = RawHttp.get(address, "/health/ready", null);
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("shutting down\n");
      assertThat(shutdown).isNotDone();
      lock.rollback(); // the store answers again
      assertThat(reload.get().status()).isEqualTo(200);
      // restarted, or unchanged when the import's NOTIFY restarted it first
      assertThat(reload.get().body())
          .matches(
              "\\{\"instance\":\"knm-0\",\"cluster\":\"slow\",\"action\":\"(restarted|unchanged)\"}\n");
      assertThat(shutdown.get()).isTrue();
    }
    assertThatPortIsClosed(address);
  }

  private void waitForLog(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (logs.stream().noneMatch(l -> l.startsWith(prefix))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no log " + prefix + " in " + logs);
      }
      Thread.sleep(10);
    }
  }

  private static void assertThatPortIsClosed(InstanceAddress address) {
    try (java.net.Socket s = new java.net.Socket(address.host(), address.port())) {
      throw new AssertionError("port still open");
    } catch (java.io.IOException expected) {
      // closed
    }
  }
}
