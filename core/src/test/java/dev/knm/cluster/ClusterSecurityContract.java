package dev.knm.cluster;

import static dev.knm.cluster.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.crypto.EncryptionKey;
import dev.knm.crypto.Sealer;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.InvalidInputException;
import dev.knm.error.UsageException;
import dev.knm.store.ClusterDao;
import dev.knm.store.Store;
import dev.knm.testing.TestStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #9 on both dialects (see the two subclasses): no secret in a stored or reported error, no
 * garbage stored, a row that cannot be used does not stop the others, a lost race for a name is
 * "already exists".
 */
abstract class ClusterSecurityContract {
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  static final EncryptionKey KEY_A = new EncryptionKey(new byte[32]);
  static final EncryptionKey KEY_B = new EncryptionKey(ClusterServiceContract.filled(9));

  Store store;
  FakeProbe probe;
  ClusterService service;

  abstract String url();

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
    service = service(store, KEY_A);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  ClusterService service(Store s, EncryptionKey key) {
    return new ClusterService(s, new Sealer(key), probe, Clock.fixed(T0, ZoneOffset.UTC));
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

  /** A row written as another knm version, or a tamperer with the key, could have written it. */
  void plant(String name, String yaml, EncryptionKey key) {
    Sealer sealer = new Sealer(key);
    UUID id = UUID.randomUUID();
    store.inTransaction(
        h -> {
          h.attach(ClusterDao.class)
              .insert(
                  id,
                  name,
                  null,
                  "https://10.0.0.9:6443",
                  "ctx",
                  sealer.seal(id, yaml.getBytes(StandardCharsets.UTF_8)),
                  sealer.keyId(),
                  T0);
          h.attach(ClusterDao.class).putState(ClusterState.unknown(id));
          return null;
        });
  }

  static String tokenKubeconfig(String token) {
    return """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://10.0.0.9:6443"}}]
        users: [{name: u, user: {token: "%s"}}]
        contexts: [{name: ctx, context: {cluster: c, user: u}}]
        current-context: ctx
        """
        .formatted(token);
  }

  // --- item 1: secrets in error texts ----------------------------------------------------------

  @Test
  void aRefreshFailureQuotingTheClustersSecretsIsReportedAndStoredWithoutThem() {
    // given: a cluster whose probe fails with messages quoting its token and its key (as the JDK
    // quotes a header it refuses, or a proxy echoes one)
    service.importClusters(request("prod", Map.of(), false));
    service.importClusters(
        new ImportRequest(
            "ci", Fixtures.source(), "Staging_EU", false, Map.of(), null, false, false));
    probe.answers.put(
        "prod",
        FakeProbe.unreachable(
            "prod",
            "GET /version failed: Illegal character(s) in message header value: Bearer "
                + Fixtures.TOKEN,
            new IOException("header " + Fixtures.TOKEN + " refused")));
    probe.answers.put(
        "ci", FakeProbe.unreachable("ci", "TLS: bad key " + Fixtures.KEY_PEM_BODY, null));

    // when
    RefreshResult r = service.refresh(ClusterQuery.all(), 2);

    // then: the user's text and the stored last_error carry neither
    assertThat(r.failures())
        .containsEntry(
            "prod",
            "cluster 'prod' is unreachable: GET /version failed: Illegal character(s) in message"
                + " header value: Bearer ***")
        .containsEntry("ci", "cluster 'ci' is unreachable: TLS: bad key ***");
    String stored = String.join("\n", dump());
    assertThat(stored)
        .contains("Illegal character(s) in message header value: Bearer ***")
        .doesNotContain(Fixtures.TOKEN)
        .doesNotContain(Fixtures.KEY_PEM_BODY);
  }

  @Test
  void aVerifyFailureQuotingTheTokenLeavesImportWithoutIt() {
    // given: a /version check that fails quoting the token, with a cause that quotes it too
    probe.answers.put(
        "prod",
        FakeProbe.unreachable(
            "prod",
            "refused " + Fixtures.TOKEN,
            new IllegalArgumentException("header value: " + Fixtures.TOKEN)));
    List<String> before = dump();

    // when/then
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> service.importClusters(request("prod", Map.of(), true)));
    assertThat(thrown)
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessage("cluster 'prod' is unreachable: refused ***");
    java.io.StringWriter trace = new java.io.StringWriter();
    thrown.printStackTrace(new java.io.PrintWriter(trace));
    assertThat(trace.toString())
        .contains("java.lang.IllegalArgumentException: header value: ***")
        .doesNotContain(Fixtures.TOKEN);
    assertThat(dump()).isEqualTo(before);
  }

  @Test
  void aStoredTokenThatCannotBeSentIsRefusedAtUseWithImportsMessage() {
    // given: a row stored before import checked tokens, its token holding CR LF
    plant("r-2line", tokenKubeconfig("tok-first-half\\r\\nsecond-half"), KEY_A);

    // when/then: refused before any request, never quoting it
    assertThatThrownBy(() -> service.describe("r-2line"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "user 'u' in kubeconfig stored for cluster 'r-2line': the token is not a single line"
                + " of visible ASCII characters; import it again");
    assertThat(probe.calls).isEmpty();
  }

  // --- item 5: one bad row does not stop commands about the others -----------------------------

  @Test
  void openAllGivesARowThatCannotBeOpenedItsFailureAndServesTheOthers() {
    service.importClusters(request("good", Map.of(), false));
    plant("bad", tokenKubeconfig("a\\u001b[31mb"), KEY_A);

    List<OpenedCluster> all = service.openAll(List.of());

    assertThat(all).extracting(OpenedCluster::name).containsExactly("bad", "good");
    assertThat(all.get(0).failure())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "user 'u' in kubeconfig stored for cluster 'bad': the token is not a single line of"
                + " visible ASCII characters; import it again");
    assertThat(all.get(1).requireKubeconfig().yaml()).contains(Fixtures.TOKEN);
  }

  // --- item 10: every row fails the key check ------------------------------------------------

  @Test
  void aRefreshWhereNoRowOpensWithTheKeyMarksThemUnopened() {
    service.importClusters(request("a", Map.of(), false));
    service.importClusters(request("b", Map.of(), false));

    RefreshResult r = service(store, KEY_B).refresh(ClusterQuery.all(), 2);

    assertThat(r.unopened()).containsExactlyInAnyOrder("a", "b");
    assertThat(r.failures()).containsOnlyKeys("a", "b");
    assertThat(probe.calls).isEmpty();
  }

  @Test
  void aRowThatFailsOnTheClusterIsNotUnopened() {
    service.importClusters(request("a", Map.of(), false));
    probe.answers.put("a", FakeProbe.unreachable("a", "timed out", null));

    RefreshResult r = service.refresh(ClusterQuery.all(), 2);

    assertThat(r.unopened()).isEmpty();
    assertThat(r.failures()).containsOnlyKeys("a");
  }

  // --- item 6: descriptions ------------------------------------------------------------------

  @Test
  void aDescriptionTooLongOrWithControlCharactersIsAUsageErrorAndNothingChanges() {
    List<String> before = dump();
    assertThatThrownBy(() -> service.importClusters(described("x".repeat(4097))))
        .isInstanceOf(UsageException.class)
        .hasMessage("invalid description: 4097 characters, at most 4096");
    assertThatThrownBy(() -> service.importClusters(described("ok\u001b]0;pwned\u0007")))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "invalid description: it has a control character at position 3 (use plain text on"
                + " one line)");
    assertThat(dump()).isEqualTo(before);
    // the limit itself is fine
    service.importClusters(described("x".repeat(4096)));
    assertThat(service.describe("prod").cluster().description()).hasSize(4096);
  }

  private static ImportRequest described(String description) {
    return new ImportRequest(
        "prod", Fixtures.source(), null, false, Map.of(), description, false, false);
  }
}
