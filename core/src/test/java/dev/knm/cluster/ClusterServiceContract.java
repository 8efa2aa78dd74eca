package dev.knm.cluster;

import static dev.knm.cluster.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.cluster.kubeconfig.AuthKind;
import dev.knm.crypto.EncryptionKey;
import dev.knm.crypto.Sealer;
import dev.knm.error.AlreadyExistsException;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.KeyMismatchException;
import dev.knm.error.NotFoundException;
import dev.knm.error.TamperedDataException;
import dev.knm.error.UsageException;
import dev.knm.store.Store;
import dev.knm.testing.TestStores;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same assertions on H2 and PostgreSQL (see the two subclasses). */
abstract class ClusterServiceContract {
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  static final EncryptionKey KEY_A = new EncryptionKey(new byte[32]);
  static final EncryptionKey KEY_B = new EncryptionKey(filled(7));

  Store store;
  FakeProbe probe;
  ClusterService service;

  /** A store URL whose tables are empty (or not created yet). */
  abstract String url();

  static byte[] filled(int b) {
    byte[] x = new byte[32];
    java.util.Arrays.fill(x, (byte) b);
    return x;
  }

  @BeforeEach
  void openStore() {
    store = Store.open(url());
    store.withHandle(
        h -> {
          h.execute("DELETE FROM cluster_states");
          h.execute("DELETE FROM cluster_labels");
          h.execute("DELETE FROM clusters");
          return null;
        });
    probe = new FakeProbe();
    service = service(KEY_A, T0);
  }

  ClusterService service(EncryptionKey key, Instant now) {
    return new ClusterService(store, new Sealer(key), probe, Clock.fixed(now, ZoneOffset.UTC));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  List<String> dump() {
    return store.withHandle(
        h -> {
          try {
            return TestStores.dump(h.getConnection());
          } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void importVerifiedStoresReadyStateAndListsIt() {
    // given a reachable cluster
    // when
    List<ClusterView> views = service.importClusters(request("prod", Map.of("env", "prod"), true));
    // then
    assertThat(views).hasSize(1);
    Cluster c = views.get(0).cluster();
    assertThat(c.name()).isEqualTo("prod");
    assertThat(c.description()).isEqualTo("desc of prod");
    assertThat(c.labels()).isEqualTo(Map.of("env", "prod"));
    assertThat(c.server()).isEqualTo("https://prod.example.com:6443");
    assertThat(c.context()).isEqualTo("prod-admin");
    assertThat(c.keyId()).isEqualTo(KEY_A.keyId());
    assertThat(c.createdAt()).isEqualTo(T0);
    assertThat(c.updatedAt()).isEqualTo(T0);
    assertThat(views.get(0).state())
        .isEqualTo(
            new ClusterState(
                c.id(),
                ClusterStatus.READY,
                null,
                null,
                null,
                null,
                null,
                "v1.31.2",
                T0,
                null,
                T0,
                0));
    assertThat(probe.calls).containsExactly("prod:VERSION_THEN_NODES");
    assertThat(service.list(ClusterQuery.all()).items()).containsExactlyElementsOf(views);
  }

  @Test
  void importRecordsTheNodeCountsItRead() {
    // given a cluster of 4 nodes, 3 of them Ready
    probe.answers.put("prod", new ProbeResult("v1.31.2", 4, 3, 8000L, 4L << 30, 2L));
    // when
    ClusterView v = service.importClusters(request("prod", Map.of(), true)).get(0);
    // then the counts are there at once, and a NotReady node makes it Degraded
    assertThat(v.state())
        .isEqualTo(
            new ClusterState(
                v.cluster().id(),
                ClusterStatus.DEGRADED,
                4,
                3,
                8000L,
                4L << 30,
                2L,
                "v1.31.2",
                T0,
                null,
                T0,
                0));
  }

  @Test
  void importOfAClusterWhoseNodesCannotBeListedStoresItWithTheReason() {
    // given /version answers but the node list was refused
    probe.answers.put(
        "prod",
        new ProbeResult(
            "v1.31.2", null, null, null, null, null, "nodes not counted: they may not list nodes"));
    // when
    ClusterView v = service.importClusters(request("prod", Map.of(), true)).get(0);
    // then it is stored, Ready, without figures, and says why
    assertThat(v.state().status()).isEqualTo(ClusterStatus.READY);
    assertThat(v.state().nodeCount()).isNull();
    assertThat(v.state().lastError()).isEqualTo("nodes not counted: they may not list nodes");
  }

  @Test
  void importWithoutVerifyIsUnknownAndDoesNotProbe() {
    List<ClusterView> views = service.importClusters(request("prod", Map.of(), false));
    assertThat(views.get(0).state()).isEqualTo(ClusterState.unknown(views.get(0).cluster().id()));
    assertThat(probe.calls).isEmpty();
  }

  @Test
  void importAllContextsStoresOneClusterPerContextWithSanitizedNames() {
    ImportRequest req =
        new ImportRequest("fleet", Fixtures.source(), null, true, Map.of(), null, false, false);
    List<ClusterView> views = service.importClusters(req);
    assertThat(views.stream().map(v -> v.cluster().name()))
        .containsExactly("fleet-prod-admin", "fleet-staging-eu");
    assertThat(views.stream().map(v -> v.cluster().server()))
        .containsExactly("https://prod.example.com:6443", "https://staging.example.com:6443");
    assertThat(service.list(ClusterQuery.all()).total()).isEqualTo(2);
  }

  @Test
  void overwriteKeepsIdAndCreatedAtAndReplacesTheRest() {
    ClusterView first = service.importClusters(request("prod", Map.of("a", "1"), false)).get(0);
    Instant later = T0.plusSeconds(60);
    ImportRequest again =
        new ImportRequest(
            "prod", Fixtures.source(), "Staging_EU", false, Map.of("b", "2"), "new", true, true);
    ClusterView second = service(KEY_A, later).importClusters(again).get(0);
    assertThat(second.cluster().id()).isEqualTo(first.cluster().id());
    assertThat(second.cluster().createdAt()).isEqualTo(T0);
    assertThat(second.cluster().updatedAt()).isEqualTo(later);
    assertThat(second.cluster().labels()).isEqualTo(Map.of("b", "2"));
    assertThat(second.cluster().description()).isEqualTo("new");
    assertThat(second.cluster().context()).isEqualTo("Staging_EU");
    assertThat(second.state().status()).isEqualTo(ClusterStatus.READY);
    assertThat(service.open("prod").server()).isEqualTo("https://staging.example.com:6443");
  }

  @Test
  void listFiltersByStatusLabelsSearchAndPages() {
    service.importClusters(request("alpha", Map.of("env", "prod", "tier", "gold"), true));
    service.importClusters(request("beta", Map.of("env", "prod"), false));
    service.importClusters(request("gamma", Map.of("env", "dev", "tier", "gold"), true));
    service.importClusters(
        new ImportRequest(
            "delta",
            Fixtures.source(),
            null,
            false,
            Map.of(),
            "The 100%_Special one",
            false,
            false));

    assertThat(names(new ClusterQuery(ClusterStatus.READY, Map.of(), null, 1, 50)))
        .containsExactly("alpha", "gamma");
    assertThat(names(new ClusterQuery(ClusterStatus.UNKNOWN, Map.of(), null, 1, 50)))
        .containsExactly("beta", "delta");
    assertThat(names(new ClusterQuery(null, Map.of("env", "prod", "tier", "gold"), null, 1, 50)))
        .containsExactly("alpha");
    assertThat(names(new ClusterQuery(null, Map.of("tier", "gold"), null, 1, 50)))
        .containsExactly("alpha", "gamma");
    assertThat(names(new ClusterQuery(null, Map.of("env", "nope"), null, 1, 50))).isEmpty();
    assertThat(names(new ClusterQuery(null, Map.of(), "AMM", 1, 50))).containsExactly("gamma");
    assertThat(names(new ClusterQuery(null, Map.of(), "desc of b", 1, 50))).containsExactly("beta");
    assertThat(names(new ClusterQuery(null, Map.of(), "100%_s", 1, 50))).containsExactly("delta");
    assertThat(names(new ClusterQuery(null, Map.of(), "0%", 1, 50))).containsExactly("delta");
    assertThat(names(new ClusterQuery(null, Map.of(), "_", 1, 50))).containsExactly("delta");

    Page<ClusterView> page2 = service.list(new ClusterQuery(null, Map.of(), null, 2, 3));
    assertThat(page2.items().stream().map(v -> v.cluster().name())).containsExactly("gamma");
    assertThat(page2.total()).isEqualTo(4);
    assertThat(page2.page()).isEqualTo(2);
    assertThat(page2.limit()).isEqualTo(3);
    Page<ClusterView> page1 = service.list(new ClusterQuery(null, Map.of(), null, 1, 2));
    assertThat(page1.items().stream().map(v -> v.cluster().name()))
        .containsExactly("alpha", "beta");
    assertThat(page1.total()).isEqualTo(4);
    Page<ClusterView> statusPage =
        service.list(new ClusterQuery(ClusterStatus.READY, Map.of(), null, 1, 1));
    assertThat(statusPage.total()).isEqualTo(2);
  }

  List<String> names(ClusterQuery q) {
    return service.list(q).items().stream().map(v -> v.cluster().name()).toList();
  }

  @Test
  void refreshRecordsReadyDegradedAndUnreachableKeepingLastGoodFigures() {
    service.importClusters(request("ok", Map.of(), false));
    service.importClusters(request("half", Map.of(), false));
    service.importClusters(request("down", Map.of(), false));
    probe.answers.put("ok", new ProbeResult("v1.30.1", 3, 3, 6000L, 3L << 30, 0L));
    probe.answers.put("half", new ProbeResult("v1.29.0", 4, 2, 8000L, 4L << 30, 2L));
    probe.answers.put("down", new ProbeResult("v1.28.5", 5, 5, 10000L, 5L << 30, 1L));
    service.refresh(ClusterQuery.all(), 2);
    Instant t1 = T0.plusSeconds(30);
    probe.answers.put(
        "down",
        FakeProbe.unreachable("down", "timed out", new HttpTimeoutException("request timed out")));

    RefreshResult result = service(KEY_A, t1).refresh(ClusterQuery.all(), 4);

    assertThat(result.failures())
        .isEqualTo(Map.of("down", "cluster 'down' is unreachable: timed out"));
    Map<String, ClusterState> states = new java.util.HashMap<>();
    result.clusters().forEach(v -> states.put(v.cluster().name(), v.state()));
    assertThat(result.clusters().stream().map(v -> v.cluster().name()))
        .containsExactly("down", "half", "ok");
    ClusterState ok = states.get("ok");
    assertThat(ok)
        .isEqualTo(
            new ClusterState(
                ok.clusterId(),
                ClusterStatus.READY,
                3,
                3,
                6000L,
                3L << 30,
                0L,
                "v1.30.1",
                t1,
                null,
                t1,
                0));
    assertThat(states.get("half").status()).isEqualTo(ClusterStatus.DEGRADED);
    assertThat(states.get("half").readyNodes()).isEqualTo(2);
    ClusterState down = states.get("down");
    assertThat(down)
        .isEqualTo(
            new ClusterState(
                down.clusterId(),
                ClusterStatus.UNREACHABLE,
                5,
                5,
                10000L,
                5L << 30,
                1L,
                "v1.28.5",
                T0,
                "cluster 'down' is unreachable: timed out",
                t1,
                1));
    assertThat(names(new ClusterQuery(ClusterStatus.UNREACHABLE, Map.of(), null, 1, 10)))
        .containsExactly("down");
  }

  @Test
  void describeOpensTheSealedKubeconfig() {
    service.importClusters(request("prod", Map.of("env", "prod"), true));
    ImportRequest ci =
        new ImportRequest(
            "ci", Fixtures.source(), "Staging_EU", false, Map.of(), null, false, false);
    service.importClusters(ci);
    List<String> before = dump();

    ClusterDetails prod = service.describe("prod");
    ClusterDetails stagingCi = service.describe("ci");

    assertThat(prod.user()).isEqualTo("admin");
    assertThat(prod.auth()).containsExactly(AuthKind.TOKEN);
    assertThat(prod.cluster().labels()).isEqualTo(Map.of("env", "prod"));
    assertThat(prod.state().status()).isEqualTo(ClusterStatus.READY);
    assertThat(stagingCi.user()).isEqualTo("ci");
    assertThat(stagingCi.auth()).containsExactly(AuthKind.CLIENT_CERTIFICATE);
    assertThat(service.open("prod").yaml()).contains(Fixtures.TOKEN);
    assertThat(dump()).isEqualTo(before);
  }

  @Test
  void openAllOpensTheNamedLiveClustersInTheOrderGivenInOneGo() {
    // given three clusters, one of them removed
    service.importClusters(request("prod", Map.of("env", "prod"), true));
    service.importClusters(request("ci", Map.of(), true));
    service.importClusters(request("old", Map.of(), true));
    service.remove("old", false);

    // when
    List<OpenedCluster> named = service.openAll(List.of("prod", "ci"));
    List<OpenedCluster> all = service.openAll(List.of());

    // then: the order given, kubeconfigs opened, labels and state as list shows them
    assertThat(named).extracting(OpenedCluster::name).containsExactly("prod", "ci");
    assertThat(named.get(0).kubeconfig().yaml()).isEqualTo(service.open("prod").yaml());
    assertThat(named.get(0).kubeconfig().yaml()).contains(Fixtures.TOKEN);
    assertThat(named.get(0).view())
        .isEqualTo(
            service.list(ClusterQuery.all()).items().stream()
                .filter(v -> v.cluster().name().equals("prod"))
                .findFirst()
                .orElseThrow());
    assertThat(all).extracting(OpenedCluster::name).containsExactly("ci", "prod");
  }

  @Test
  void openAllWithAnUnknownOrRemovedNameFailsNamingIt() {
    // given
    service.importClusters(request("prod", Map.of(), true));
    service.importClusters(request("old", Map.of(), true));
    service.remove("old", false);
    List<String> before = dump();

    // when / then
    assertThatThrownBy(() -> service.openAll(List.of("prod", "nope")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("cluster 'nope' not found");
    assertThatThrownBy(() -> service.openAll(List.of("old")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("cluster 'old' not found");
    assertThat(dump()).isEqualTo(before);
  }

  @Test
  void removeSoftDeletesAndFreesTheNamePurgeErasesSealedBytes() {
    ClusterView old = service.importClusters(request("prod", Map.of("a", "b"), true)).get(0);
    service.remove("prod", false);
    assertThat(service.list(ClusterQuery.all()).items()).isEmpty();
    assertThatThrownBy(() -> service.describe("prod"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("cluster 'prod' not found");
    ClusterView again = service.importClusters(request("prod", Map.of(), false)).get(0);
    assertThat(again.cluster().id()).isNotEqualTo(old.cluster().id());
    String sealedOfOld =
        store.withHandle(
            h ->
                h.createQuery(
                        "SELECT COUNT(*) FROM clusters WHERE id = :id AND sealed_kubeconfig IS NOT NULL AND deleted_at = :t")
                    .bind("id", old.cluster().id())
                    .bind("t", T0)
                    .mapTo(String.class)
                    .one());
    assertThat(sealedOfOld).isEqualTo("1");

    service.remove("prod", true);
    List<String> rows = dump();
    // two clusters rows; the first (soft-deleted, not purged) keeps its label, state and bytes
    assertThat(rows).hasSize(4);
    assertThat(rows.stream().filter(r -> r.contains("sealed_kubeconfig=null;key_id=null;")))
        .containsExactly(
            rows.stream()
                .filter(r -> r.contains(again.cluster().id().toString()))
                .findFirst()
                .get());
    assertThat(rows.stream().filter(r -> r.startsWith("cluster_")))
        .hasSize(2)
        .allMatch(r -> r.contains(old.cluster().id().toString()));
  }

  @Test
  void recordTimeoutIncrementsTheCounter() {
    service.importClusters(request("prod", Map.of(), false));
    service.recordTimeout("prod");
    service.recordTimeout("prod");
    assertThat(service.describe("prod").state().timeoutCount()).isEqualTo(2);
  }

  // ---- bad input: exact message, store unchanged ----

  @Test
  void invalidNameIsRejectedAndNothingChanges() {
    service.importClusters(request("prod", Map.of(), false));
    List<String> before = dump();
    assertThatThrownBy(() -> service.importClusters(request("Prod_1", Map.of(), false)))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "invalid cluster name 'Prod_1': must be a DNS-1123 label (lowercase letters, digits"
                + " and '-', starting and ending with a letter or digit, at most 63 characters)");
    assertThatThrownBy(() -> service.importClusters(request("a".repeat(64), Map.of(), false)))
        .isInstanceOf(UsageException.class);
    assertThat(dump()).isEqualTo(before);
  }

  @Test
  void badLabelIsRejectedAndNothingChanges() {
    List<String> before = dump();
    assertThatThrownBy(
            () -> service.importClusters(request("prod", Map.of("env", "bad value!"), false)))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "invalid label value 'bad value!' for key 'env': at most 63 characters (letters,"
                + " digits, '-', '_', '.', starting and ending with a letter or digit)");
    assertThatThrownBy(() -> service.importClusters(request("prod", Map.of("-x", "1"), false)))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("invalid label key '-x': ");
    assertThat(dump()).isEqualTo(before);
  }

  @Test
  void duplicateWithoutOverwriteIsRejectedAndNothingChanges() {
    service.importClusters(request("prod", Map.of(), false));
    List<String> before = dump();
    assertThatThrownBy(() -> service.importClusters(request("prod", Map.of("x", "y"), false)))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("cluster 'prod' already exists; use --overwrite to replace it");
    assertThat(dump()).isEqualTo(before);
  }

  @Test
  void allContextsIsAllOrNothing() {
    service.importClusters(request("fleet-staging-eu", Map.of(), false));
    List<String> before = dump();
    ImportRequest req =
        new ImportRequest("fleet", Fixtures.source(), null, true, Map.of(), null, false, false);
    assertThatThrownBy(() -> service.importClusters(req))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("cluster 'fleet-staging-eu' already exists; use --overwrite to replace it");
    assertThat(dump()).isEqualTo(before);
  }

  @Test
  void unknownClusterIsNotFoundAndNothingChanges() {
    service.importClusters(request("prod", Map.of(), false));
    List<String> before = dump();
    assertThatThrownBy(() -> service.describe("nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("cluster 'nope' not found");
    assertThatThrownBy(() -> service.remove("nope", true))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("cluster 'nope' not found");
    assertThatThrownBy(() -> service.recordTimeout("nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("cluster 'nope' not found");
    assertThat(dump()).isEqualTo(before);
  }

  @Test
  void unreachableServerOnVerifiedImportStoresNothing() {
    probe.answers.put("prod", FakeProbe.unreachable("prod", "connection refused", null));
    List<String> before = dump();
    assertThatThrownBy(() -> service.importClusters(request("prod", Map.of(), true)))
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessage("cluster 'prod' is unreachable: connection refused");
    assertThat(dump()).isEqualTo(before);
  }

  @Test
  void wrongKeyIsDetectedByKeyIdAndNothingChanges() {
    service.importClusters(request("prod", Map.of(), true));
    List<String> before = dump();
    ClusterService withB = service(KEY_B, T0);
    assertThatThrownBy(() -> withB.describe("prod"))
        .isInstanceOf(KeyMismatchException.class)
        .hasMessage(
            "cluster 'prod' is sealed with key "
                + KEY_A.keyId()
                + ", not the current key "
                + KEY_B.keyId()
                + ": the store was re-sealed with key "
                + KEY_A.keyId()
                + " (rotate-key) or imported with it; give that key (knm reads --key-file, else"
                + " KNM_ENCRYPTION_KEY, else KNM_KEY_FILE, else $XDG_CONFIG_HOME/knm/key)");
    assertThatThrownBy(() -> withB.rotateKey(EncryptionKey.generate()))
        .isInstanceOf(KeyMismatchException.class)
        .hasMessage(
            "cannot rotate the key: cluster 'prod' is sealed with key "
                + KEY_A.keyId()
                + ", not the current key "
                + KEY_B.keyId()
                + "; nothing was changed");
    RefreshResult r = withB.refresh(ClusterQuery.all(), 2);
    assertThat(r.failures()).containsOnlyKeys("prod");
    assertThat(dump()).isEqualTo(before);
  }

  @Test
  void alteredCiphertextFailsAuthenticationAndNothingChanges() {
    service.importClusters(request("prod", Map.of(), true));
    byte[] sealed =
        store.withHandle(
            h ->
                h.createQuery("SELECT sealed_kubeconfig FROM clusters WHERE name = 'prod'")
                    .mapTo(byte[].class)
                    .one());
    sealed[sealed.length - 20] ^= 0x01;
    store.withHandle(
        h ->
            h.createUpdate("UPDATE clusters SET sealed_kubeconfig = :b WHERE name = 'prod'")
                .bind("b", sealed)
                .execute());
    List<String> before = dump();
    assertThatThrownBy(() -> service.describe("prod"))
        .isInstanceOf(TamperedDataException.class)
        .hasMessage(
            "sealed kubeconfig of cluster prod failed authentication: the data was altered");
    assertThat(dump()).isEqualTo(before);
  }

  @Test
  void rotateKeyReSealsLiveAndDeletedRowsInOneTransaction() {
    service.importClusters(request("prod", Map.of(), true));
    service.importClusters(request("old", Map.of(), false));
    service.remove("old", false);
    service.importClusters(request("purged", Map.of(), false));
    service.remove("purged", true);

    int n = service.rotateKey(KEY_B);

    assertThat(n).isEqualTo(2);
    assertThat(service.keyId()).isEqualTo(KEY_B.keyId());
    assertThat(service(KEY_B, T0).describe("prod").user()).isEqualTo("admin");
    assertThatThrownBy(() -> service(KEY_A, T0).describe("prod"))
        .isInstanceOf(KeyMismatchException.class);
    List<String> keyIds =
        store.withHandle(
            h ->
                h.createQuery("SELECT key_id FROM clusters WHERE sealed_kubeconfig IS NOT NULL")
                    .mapTo(String.class)
                    .list());
    assertThat(keyIds).containsOnly(KEY_B.keyId()).hasSize(2);
  }

  @Test
  void interruptedRotationLeavesTheOldKeyValid() {
    service.importClusters(request("one", Map.of(), true));
    service.importClusters(request("two", Map.of(), true));
    List<String> before = dump();
    assertThatThrownBy(
            () ->
                service.rotateKey(
                    KEY_B,
                    (int i) -> {
                      throw new IllegalStateException("power cut after row " + i);
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("power cut after row 1");
    assertThat(dump()).isEqualTo(before);
    assertThat(service.keyId()).isEqualTo(KEY_A.keyId());
    assertThat(service.describe("one").user()).isEqualTo("admin");
    assertThat(service.describe("two").user()).isEqualTo("admin");
  }
}
