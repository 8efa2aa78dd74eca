package dev.knm.kube.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.cluster.ClusterProbe.Depth;
import dev.knm.cluster.Deadline;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.CredentialsRejectedException;
import dev.knm.kube.FakeKubeApi;
import dev.knm.kube.KubeClusterProbe;
import dev.knm.kube.paging.PodPager;
import dev.knm.kube.paging.PodQuery;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetryTest {
  private FakeKubeApi api;
  private TimeoutCounter timeouts;
  private ClusterClient client;

  @BeforeEach
  void given_a_cluster_with_3_pods() {
    api = new FakeKubeApi();
    api.pod("a", "p1", "n1").pod("a", "p2", "n1").pod("b", "p3", "n2");
    timeouts = TimeoutCounter.counting();
    client =
        new KubeClientFactory(ReadRetryPolicy.withBaseDelay(Duration.ofMillis(10)), timeouts)
            .create("prod-eu", api.kubeconfig(), TimeoutTier.SMALL);
  }

  @AfterEach
  void close() {
    client.close();
    api.close();
  }

  private List<String> listAll() {
    List<String> keys = new ArrayList<>();
    new PodPager(client).stream(PodQuery.all(), p -> p.forEach(x -> keys.add(x.key())));
    return keys;
  }

  @Test
  void retries_500_then_succeeds() {
    api.fault(500, null, "boom");
    api.fault(502, null, "");

    List<String> keys = listAll();

    assertThat(keys).containsExactly("a/p1", "a/p2", "b/p3");
    assertThat(api.requests).hasSize(3);
  }

  @Test
  void each_retry_is_logged_at_info_naming_cluster_call_cause_and_delay() {
    api.fault(500, null, "boom");
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      listAll();
    } finally {
      System.setErr(err);
    }

    assertThat(buf.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains(
            "INFO dev.knm.kube.transport.ReadRetryPolicy - cluster prod-eu: GET /api/v1/pods failed (500"
                + " Internal Server Error), retry 1/3 in 0.0s");
  }

  @Test
  void honours_retry_after_header_on_429() {
    api.fault(429, "1", FakeKubeApi.status(429, "TooManyRequests", "slow down", null));
    long start = System.nanoTime();

    List<String> keys = listAll();

    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(keys).containsExactly("a/p1", "a/p2", "b/p3");
    assertThat(api.requests).hasSize(2);
    // base delay is 10 ms; only the 1 s Retry-After explains the wait
    assertThat(tookMs).isBetween(1000L, 4000L);
  }

  @Test
  void honours_retry_after_seconds_in_the_status_details() {
    ReadRetryPolicy p = ReadRetryPolicy.withBaseDelay(Duration.ofMillis(10));
    KubeApiException e =
        new KubeApiException("GET", "/x", 429, "TooManyRequests", "m", Duration.ofSeconds(3), null);

    assertThat(p.delayFor(1, e)).isEqualTo(Duration.ofSeconds(3));
    // a timeout already waited its whole timeout: its one retry goes at once
    assertThat(p.delayFor(1, new KubeTimeoutException("GET", "/x", Duration.ofSeconds(1))))
        .isEqualTo(Duration.ZERO);
    assertThat(p.delayFor(1, new KubeIoException("GET", "/x", new java.io.IOException("reset"))))
        .isEqualTo(Duration.ofMillis(10));
    assertThat(p.delayFor(3, null)).isEqualTo(Duration.ofMillis(40));
    assertThat(ReadRetryPolicy.standard().delayFor(6, null)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void retries_exhausted_is_cluster_unreachable_naming_cluster_and_cause() {
    for (int i = 0; i < 4; i++) {
      api.fault(503, null, "");
    }

    assertThatThrownBy(this::listAll)
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessage(
            "cluster prod-eu: GET /api/v1/pods failed (503 Service Unavailable) (3 retries)");
    assertThat(api.requests).hasSize(4);
  }

  @Test
  void a_timed_out_read_is_retried_once_reported_and_counted() {
    api.listBodyDelay = Duration.ofMillis(800);
    try (ClusterClient slow =
        new KubeClientFactory(ReadRetryPolicy.withBaseDelay(Duration.ofMillis(10)), timeouts)
            .create(
                "prod-eu",
                api.kubeconfig(),
                TimeoutTier.SMALL.withOverride(Duration.ofMillis(200)))) {

      assertThatThrownBy(() -> new PodPager(slow).stream(PodQuery.all(), p -> {}))
          .isInstanceOf(ClusterUnreachableException.class)
          .hasMessage("cluster prod-eu: GET /api/v1/pods timed out after 200ms (1 retry)");
    }
    assertThat(api.requests).hasSize(2);
    assertThat(timeouts.count("prod-eu")).isEqualTo(2);
    assertThat(timeouts.snapshot()).containsEntry("prod-eu", 2L);
  }

  @Test
  void requests_are_cut_at_the_deadline_and_not_retried_past_it() {
    api.listBodyDelay = Duration.ofMillis(2000);
    Deadline deadline = Deadline.in(Duration.ofMillis(600));
    long start = System.nanoTime();
    try (ClusterClient slow =
        new KubeClientFactory(ReadRetryPolicy.withBaseDelay(Duration.ofMillis(10)), timeouts)
            .create("prod-eu", api.kubeconfig(), TimeoutTier.SMALL, deadline)) {

      assertThatThrownBy(() -> new PodPager(slow).stream(PodQuery.all(), p -> {}))
          .isInstanceOf(ClusterUnreachableException.class)
          .hasMessage(
              "cluster prod-eu: GET /api/v1/pods timed out: no answer within the deadline of"
                  + " 600ms");
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    // the 15 s page timeout was cut to what was left of the deadline; no retry after it
    assertThat(ms).isBetween(550L, 1600L);
    assertThat(api.requests).hasSize(1);
  }

  @Test
  void no_retry_is_scheduled_whose_backoff_reaches_past_the_deadline() {
    for (int i = 0; i < 4; i++) {
      api.fault(503, null, "");
    }
    Deadline deadline = Deadline.in(Duration.ofMillis(1500));
    try (ClusterClient c =
        new KubeClientFactory(ReadRetryPolicy.withBaseDelay(Duration.ofSeconds(1)), timeouts)
            .create("prod-eu", api.kubeconfig(), TimeoutTier.SMALL, deadline)) {
      long start = System.nanoTime();

      assertThatThrownBy(() -> new PodPager(c).stream(PodQuery.all(), p -> {}))
          .isInstanceOf(ClusterUnreachableException.class)
          .hasMessage(
              "cluster prod-eu: GET /api/v1/pods failed (503 Service Unavailable) (1 retry) (no"
                  + " time left for another retry within the deadline of 1500ms)");
      long ms = (System.nanoTime() - start) / 1_000_000;
      // 503, 1 s backoff, 503; the next backoff (2 s) would end after the deadline: stop now
      assertThat(ms).isBetween(900L, 1450L);
    }
    assertThat(api.requests).hasSize(2);
  }

  @Test
  void unauthorized_is_not_retried() {
    // a static token goes through the lean transport, which sends once (fabric8's token-refresh
    // interceptor used to re-send on 401; it still does for exec/auth-provider users)
    api.fault(401, null, FakeKubeApi.status(401, "Unauthorized", "Unauthorized", null));
    api.fault(401, null, FakeKubeApi.status(401, "Unauthorized", "Unauthorized", null));

    assertThatThrownBy(this::listAll)
        .isInstanceOf(CredentialsRejectedException.class)
        .hasMessage(
            "the server refused the credentials of cluster prod-eu (401 Unauthorized): they are"
                + " wrong, expired or revoked; import the cluster again with valid ones");
    assertThat(api.requests).hasSize(1);
  }

  @Test
  void forbidden_names_the_verb_and_resource_and_is_not_retried() {
    api.fault(
        403,
        null,
        FakeKubeApi.status(
            403,
            "Forbidden",
            "pods is forbidden: User \"alice\" cannot list resource \"pods\"",
            null));

    assertThatThrownBy(this::listAll)
        .isInstanceOf(CredentialsRejectedException.class)
        .hasMessage(
            "the server refused the credentials of cluster prod-eu (403 Forbidden): they may not"
                + " list pods in all namespaces");
    assertThat(api.requests).hasSize(1);
  }

  @Test
  void connection_refused_is_cluster_unreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String yaml = api.kubeconfig().replace(api.url(), "http://127.0.0.1:" + port);
    KubeClientFactory f =
        new KubeClientFactory(ReadRetryPolicy.withBaseDelay(Duration.ofMillis(5)), timeouts);

    assertThatThrownBy(() -> new KubeClusterProbe(f).probe("prod-eu", yaml, Depth.VERSION))
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessage("cluster prod-eu: GET /version failed: connection refused");
    try (ClusterClient c = f.create("prod-eu", yaml, TimeoutTier.SMALL)) {
      assertThatThrownBy(() -> new PodPager(c).stream(PodQuery.all(), p -> {}))
          .isInstanceOf(ClusterUnreachableException.class)
          .hasMessage("cluster prod-eu: GET /api/v1/pods failed: connection refused (3 retries)");
    }
  }
}
