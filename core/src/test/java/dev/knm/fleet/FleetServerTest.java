package dev.knm.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.cluster.ClusterService;
import dev.knm.cluster.ImportRequest;
import dev.knm.cluster.kubeconfig.KubeconfigSource;
import dev.knm.crypto.EncryptionKey;
import dev.knm.error.UsageException;
import dev.knm.kube.model.NodeSummary;
import dev.knm.store.Store;
import dev.knm.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetServerTest {
  private static final String TOKEN = "s3rve-T0KEN-4b1e2f";
  private static final String RELOAD = "/api/v1/internal/clusters/%s/reload";

  @TempDir Path dir;
  private String url;
  private Store store;
  private ClusterService clusters;
  private FakeWatchedClusters watched;
  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private FleetServer server;
  private FleetMetrics metrics;
  private InstanceAddress address;

  @BeforeEach
  void start() {
    url = TestStores.freshH2Url(dir);
    store = Store.open(url);
    clusters =
        new ClusterService(
            store,
            EncryptionKey.generate(),
            (n, y, d, deadline) -> {
              throw new AssertionError("no probe");
            },
            Clock.systemUTC());
    watched = new FakeWatchedClusters();
    server = start(watched, BearerToken.of(TOKEN.toCharArray()), "127.0.0.1");
    address = server.address();
  }

  private FleetServer start(FakeWatchedClusters w, BearerToken token, String host) {
    FleetLog log = (level, message, fields) -> logLines.add(level + " " + message + " " + fields);
    metrics = new FleetMetrics("test-0", w, () -> server != null && server.ready());
    ClusterReloader reloader =
        new ClusterReloader(clusters, w, ClusterReloader.Selection.allClusters(), log, metrics);
    NodeListWriter nodes =
        (cluster, list) ->
            ("{\"cluster\":\"" + cluster + "\",\"nodes\":" + list.size() + "}\n")
                .getBytes(StandardCharsets.UTF_8);
    return FleetServer.start(
        new FleetServer.Settings(new InstanceAddress(host, 0), token, null),
        new FleetServer.Backend(
            new InstanceIdentity("test-0", "POD_NAME"), w, reloader, metrics, nodes, log));
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private void importCluster(String name, boolean overwrite) {
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
            token: kube-secret-token
        contexts:
        - name: ctx
          context:
            cluster: c
            user: u
        current-context: ctx
        """;
    clusters.importClusters(
        new ImportRequest(
            name,
            new KubeconfigSource("k", yaml.getBytes(StandardCharsets.UTF_8), null),
            null,
            false,
            Map.of(),
            null,
            overwrite,
            false));
  }

  private RawHttp.Response reload(String name) throws Exception {
    return RawHttp.post(address, RELOAD.formatted(name), TOKEN);
  }

  @Test
  void reloadStartsThenLeavesAloneThenRestartsThenStops() throws Exception {
    importCluster("prod-eu", false);

    RawHttp.Response started = reload("prod-eu");
    assertThat(started.status()).isEqualTo(200);
    assertThat(started.body())
        .isEqualTo("{\"instance\":\"test-0\",\"cluster\":\"prod-eu\",\"action\":\"started\"}\n");
    assertThat(reload("prod-eu").body()).contains("\"action\":\"unchanged\"");

    Thread.sleep(5); // a later updated_at
    importCluster("prod-eu", true);
    assertThat(reload("prod-eu").body()).contains("\"action\":\"restarted\"");

    clusters.remove("prod-eu", false);
    assertThat(reload("prod-eu").body()).contains("\"action\":\"stopped\"");

    RawHttp.Response gone = reload("prod-eu");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.body())
        .isEqualTo(
            "{\"instance\":\"test-0\",\"cluster\":\"prod-eu\",\"error\":\"cluster 'prod-eu' not"
                + " found in the store\"}\n");
    assertThat(watched.calls()).containsExactly("start prod-eu", "start prod-eu", "stop prod-eu");
  }

  @Test
  void badRequestsAreRefusedAndChangeNothing() throws Exception {
    // given: a cluster in the store that is not watched yet
    importCluster("staging", false);
    List<String> storeBefore = dump();

    // when / then
    String path = RELOAD.formatted("staging");
    assertThat(RawHttp.post(address, path, null).status()).isEqualTo(401);
    assertThat(RawHttp.post(address, path, "wrong-token").status()).isEqualTo(401);
    assertThat(RawHttp.post(address, path, TOKEN + "x").status()).isEqualTo(401);
    assertThat(RawHttp.get(address, "/api/v1/clusters", null).status()).isEqualTo(401);
    assertThat(RawHttp.get(address, "/api/v1/clusters/staging/nodes", "nope").status())
        .isEqualTo(401);
    for (String bad : List.of("../x", "x".repeat(300), "", "%2e%2e%2fx", "UPPER", "a_b")) {
      RawHttp.Response r = reload(bad);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.body())
          .isEqualTo(
              "{\"instance\":\"test-0\",\"error\":\"invalid cluster name: must be a DNS-1123"
                  + " label\"}\n");
    }
    RawHttp.Response large =
        RawHttp.send(address, "POST", path, TOKEN, new byte[FleetServer.MAX_BODY + 1]);
    assertThat(large.status()).isEqualTo(413);
    assertThat(RawHttp.send(address, "POST", path, TOKEN, new byte[2_000_000]).status())
        .isEqualTo(413);
    RawHttp.Response wrongMethod = RawHttp.get(address, path, TOKEN);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.headers()).containsIgnoringCase("Allow: POST");
    assertThat(RawHttp.send(address, "DELETE", "/health/live", null, null).status()).isEqualTo(405);
    assertThat(RawHttp.post(address, "/api/v1/clusters", TOKEN).status()).isEqualTo(405);
    assertThat(RawHttp.get(address, "/api/v1/nothing", TOKEN).status()).isEqualTo(404);
    assertThat(reload("unknown").status()).isEqualTo(404);

    // and nothing changed: no informer started or stopped, the store as it was
    assertThat(watched.calls()).isEmpty();
    assertThat(dump()).isEqualTo(storeBefore);
    String scrape = RawHttp.get(address, "/metrics", null).body();
    assertThat(scrape)
        .contains("knm_api_requests_rejected_total{reason=\"unauthorized\"} 5.0")
        .contains("knm_api_requests_rejected_total{reason=\"bad-name\"} 6.0")
        .contains("knm_api_requests_rejected_total{reason=\"too-large\"} 2.0")
        .contains("knm_api_requests_rejected_total{reason=\"method\"} 3.0")
        .contains("knm_api_requests_rejected_total{reason=\"not-found\"} 1.0")
        .doesNotContain("knm_reloads_total{action=\"started\"");
    // no secret anywhere: neither the token nor the kubeconfig's
    assertThat(scrape).doesNotContain(TOKEN).doesNotContain("kube-secret-token");
    assertThat(String.join("\n", logLines))
        .contains("request rejected")
        .doesNotContain(TOKEN)
        .doesNotContain("wrong-token")
        .doesNotContain("kube-secret-token");
  }

  /** The store's rows (an H2 file store is closed between its operations). */
  private List<String> dump() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      return TestStores.dump(c);
    }
  }

  @Test
  void readinessWaitsForEverySyncAndTurns503OnShutdown() throws Exception {
    watched.syncOnStart(false);
    importCluster("a", false);
    assertThat(reload("a").status()).isEqualTo(200);
    RawHttp.Response syncing = RawHttp.get(address, "/health/ready", null);
    assertThat(syncing.status()).isEqualTo(503);
    assertThat(syncing.body()).isEqualTo("not ready: 1 cluster(s) not synced\n");
    assertThat(RawHttp.get(address, "/health/live", null).status()).isEqualTo(200);

    watched.sync("a", List.of());
    assertThat(RawHttp.get(address, "/health/ready", null).status()).isEqualTo(200);
    assertThat(RawHttp.get(address, "/metrics", null).body()).contains("knm_ready 1.0");

    server.beginShutdown();
    RawHttp.Response closing = RawHttp.get(address, "/health/ready", null);
    assertThat(closing.status()).isEqualTo(503);
    assertThat(closing.body()).isEqualTo("shutting down\n");
    RawHttp.Response refused = reload("a");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.body()).contains("\"error\":\"shutting down\"");
    assertThat(server.awaitReloads(Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void apiListsWatchedClustersAndServesTheirCachedNodes() throws Exception {
    importCluster("a", false);
    reload("a");
    watched.sync("a", List.of(node("n1"), node("n2")));

    RawHttp.Response list = RawHttp.get(address, "/api/v1/clusters", TOKEN);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().replaceAll("\\s+", ""))
        .isEqualTo(
            "{\"apiVersion\":\"knm/v1\",\"kind\":\"WatchedClusterList\",\"instance\":\"test-0\","
                + "\"ready\":true,\"items\":[{\"name\":\"a\",\"state\":\"synced\",\"synced\":true,"
                + "\"nodes\":2,\"lastError\":null}]}");
    RawHttp.Response nodes = RawHttp.get(address, "/api/v1/clusters/a/nodes", TOKEN);
    assertThat(nodes.body()).isEqualTo("{\"cluster\":\"a\",\"nodes\":2}\n");
    assertThat(RawHttp.get(address, "/api/v1/clusters/b/nodes", TOKEN).status()).isEqualTo(404);
    assertThat(RawHttp.get(address, "/metrics", null).body())
        .contains("knm_watched_nodes{cluster=\"a\"} 2.0")
        .contains("knm_instance_info{instance=\"test-0\"} 1.0")
        .contains("knm_reloads_total{action=\"started\",trigger=\"http\"} 1.0");
  }

  @Test
  void refusesANonLoopbackAddressWithoutAToken() {
    assertThatThrownBy(() -> start(new FakeWatchedClusters(), null, "0.0.0.0"))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "refusing to serve on 0.0.0.0:0 without a token (set KNM_RELOAD_TOKEN or"
                + " --token-file), or serve on a loopback address (127.0.0.1)");
  }

  @Test
  void loopbackWithoutATokenServesTheApiOpenly() throws Exception {
    FleetServer open = start(new FakeWatchedClusters(), null, "127.0.0.1");
    try {
      assertThat(RawHttp.get(open.address(), "/api/v1/clusters", null).status()).isEqualTo(200);
    } finally {
      open.close();
    }
  }

  @Test
  void servesHttpsThatABroadcastTrustingTheCaReaches() throws Exception {
    // given: a server certificate for 127.0.0.1 in the traditional (SEC1) key form openssl writes
    dev.knm.kube.TestPki pki = new dev.knm.kube.TestPki("fleet-ca");
    dev.knm.kube.TestPki.Issued cert = pki.server("127.0.0.1");
    Path certFile = java.nio.file.Files.writeString(dir.resolve("tls.crt"), cert.certPem());
    Path keyFile =
        java.nio.file.Files.writeString(dir.resolve("tls.key"), cert.traditionalKeyPem());
    Path caFile = java.nio.file.Files.writeString(dir.resolve("ca.crt"), pki.ca.certPem());
    importCluster("tls", false);
    FakeWatchedClusters w = new FakeWatchedClusters();
    FleetMetrics m = new FleetMetrics("tls-0", w, () -> true);
    FleetServer https =
        FleetServer.start(
            new FleetServer.Settings(
                new InstanceAddress("127.0.0.1", 0),
                BearerToken.of(TOKEN.toCharArray()),
                ServerTls.server(certFile, keyFile)),
            new FleetServer.Backend(
                new InstanceIdentity("tls-0", "POD_NAME"),
                w,
                new ClusterReloader(
                    clusters, w, ClusterReloader.Selection.allClusters(), FleetLog.NONE, m),
                m,
                (c, n) -> new byte[0],
                FleetLog.NONE));
    try {
      // when
      BroadcastReport report =
          new ReloadBroadcaster(
                  new ReloadBroadcaster.Options(
                      Duration.ofSeconds(5),
                      2,
                      TOKEN.toCharArray(),
                      ServerTls.trusting(caFile, "KNM_FLEET_CA_FILE")))
              .broadcast("tls", List.of(https.address()), ReloadBroadcaster.Listener.NONE);
      // then
      assertThat(report.results().get(0).action()).isEqualTo("started");
      assertThat(report.results().get(0).instance()).isEqualTo("tls-0");
      // and plain HTTP to it is no reload
      BroadcastReport plain =
          new ReloadBroadcaster(
                  new ReloadBroadcaster.Options(
                      Duration.ofSeconds(2), 2, TOKEN.toCharArray(), null))
              .broadcast("tls", List.of(https.address()), ReloadBroadcaster.Listener.NONE);
      assertThat(plain.acknowledged()).isZero();
    } finally {
      https.close();
    }
  }

  @Test
  void tlsFilesThatAreNotPemAreRefusedNamingTheFile() throws Exception {
    Path junk = java.nio.file.Files.writeString(dir.resolve("junk.pem"), "not pem");
    assertThatThrownBy(() -> ServerTls.server(junk, junk))
        .isInstanceOf(dev.knm.error.InvalidInputException.class)
        .hasMessage("cannot read --tls-cert " + junk + ": not a PEM certificate");
  }

  static NodeSummary node(String name) {
    return new NodeSummary(
        name,
        "Ready",
        true,
        "True",
        false,
        List.of(),
        List.of(),
        "v1.31.0",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        NodeSummary.Resources.ZERO,
        NodeSummary.Resources.ZERO,
        List.of(),
        Map.of(),
        List.of(),
        null);
  }
}
