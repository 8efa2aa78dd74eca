package dev.knm.kube.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.knm.cluster.Deadline;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.CredentialsRejectedException;
import dev.knm.error.InvalidInputException;
import dev.knm.kube.FakeKubeApi;
import dev.knm.kube.KubeClusterProbe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue #9 item 1 in the transport: a token that cannot go in a header is never sent and never
 * retried, and no error text, retry log line or cause chain carries a secret of the cluster.
 */
class SecretsInErrorsTest {
  static final String FIRST = "tok-first-half-8f2c";
  static final String SECOND = "second-half-91d3";

  static String crlfToken(String server) {
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "
        + server
        + "\nusers:\n- name: u\n  user:\n    token: \""
        + FIRST
        + "\\r\\n"
        + SECOND
        + "\"\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n";
  }

  private static String trace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  @Test
  void theFactoryRefusesAStoredTokenThatCannotBeSent() {
    KubeClientFactory factory =
        new KubeClientFactory(ReadRetryPolicy.none(), TimeoutCounter.counting());
    assertThatThrownBy(
            () -> factory.create("r-2line", crlfToken("https://10.0.0.1:6443"), TimeoutTier.SMALL))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "cluster r-2line: its stored kubeconfig cannot be used: the token is not a single line"
                + " of visible ASCII characters; import it again");
  }

  @Test
  void aRequestTheJdkRefusesToBuildIsNotRetriedAndQuotesNoSecret() {
    // given: the lean transport with a token holding CR LF, past the factory's check (as a client
    // built before the check existed would be), counting attempts
    ClusterConnection c = ClusterConnection.parse(crlfToken("http://127.0.0.1:9"));
    JdkApiTransport jdk = JdkApiTransport.create(c, Duration.ofSeconds(1));
    AtomicInteger attempts = new AtomicInteger();
    ApiTransport counting =
        new ApiTransport() {
          @Override
          public CompletableFuture<Response> get(
              URI uri, Map<String, String> headers, Duration timeout) {
            attempts.incrementAndGet();
            return jdk.get(uri, headers, timeout);
          }

          @Override
          public CompletableFuture<Response> send(
              String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
            attempts.incrementAndGet();
            return jdk.send(method, uri, headers, body, timeout);
          }

          @Override
          public boolean supportsPatch() {
            return jdk.supportsPatch();
          }

          @Override
          public CompletableFuture<Stream> open(
              URI uri, Map<String, String> headers, Duration readTimeout) {
            return jdk.open(uri, headers, readTimeout);
          }

          @Override
          public void close() {
            jdk.close();
          }
        };
    ClusterClient client =
        new ClusterClient(
            "r-2line",
            c,
            counting,
            new LazyKubernetesClient("r-2line", "", TimeoutTier.SMALL),
            TimeoutTier.SMALL,
            ReadRetryPolicy.withBaseDelay(Duration.ofMillis(5)),
            TimeoutCounter.counting(),
            Deadline.none());

    // when
    Throwable thrown =
        catchThrowable(() -> client.get("/version", Map.of(), Duration.ofSeconds(1), true));

    // then: one attempt, a plain message, no half of the token anywhere in the chain
    assertThat(attempts.get()).isEqualTo(1);
    assertThat(thrown)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "cluster r-2line: GET /version request not sent: a header value has illegal"
                + " characters (check the cluster's credentials)");
    assertThat(trace(thrown))
        .contains("java.lang.IllegalArgumentException: Illegal character(s) in message header")
        .doesNotContain(FIRST)
        .doesNotContain(SECOND);
    client.close();
  }

  @Test
  void aServerEchoingTheTokenInItsErrorGetsItScrubbed() {
    // given: 500s whose Status quotes our Authorization header (a proxy in front of the server)
    try (FakeKubeApi api = new FakeKubeApi();
        ClusterClient client = api.client("echo", TimeoutTier.SMALL)) {
      for (int i = 0; i < 10; i++) {
        api.fault(
            500,
            null,
            FakeKubeApi.status(500, "InternalError", "bad header Bearer secret-token", null));
      }

      // when
      Throwable thrown = catchThrowable(() -> KubeClusterProbe.version(client));

      // then
      assertThat(thrown).isInstanceOf(ClusterUnreachableException.class);
      assertThat(thrown.getMessage()).doesNotContain("secret-token");
      assertThat(trace(thrown)).doesNotContain("secret-token").contains("bad header Bearer ***");
    }
  }

  @Test
  void aRefusalEchoingTheTokenIsWordedWithoutIt() {
    // given: a 401 whose Status quotes our Authorization header
    try (FakeKubeApi api = new FakeKubeApi();
        ClusterClient client = api.client("echo", TimeoutTier.SMALL)) {
      api.fault(
          401,
          null,
          FakeKubeApi.status(401, "Unauthorized", "bad header Bearer secret-token", null));

      // when
      Throwable thrown = catchThrowable(() -> KubeClusterProbe.version(client));

      // then: worded from the request alone (exit 7), nothing of the server's text
      assertThat(thrown)
          .isInstanceOf(CredentialsRejectedException.class)
          .hasMessage(
              "the server refused the credentials of cluster echo (401 Unauthorized): they are"
                  + " wrong, expired or revoked; import the cluster again with valid ones");
      assertThat(trace(thrown)).doesNotContain("secret-token");
    }
  }
}
