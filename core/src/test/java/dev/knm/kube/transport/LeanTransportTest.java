package dev.knm.kube.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.knm.cluster.ClusterProbe.Depth;
import dev.knm.cluster.ProbeResult;
import dev.knm.cluster.kubeconfig.Kubeconfig;
import dev.knm.cluster.kubeconfig.KubeconfigSource;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.InvalidInputException;
import dev.knm.kube.KubeClusterProbe;
import dev.knm.kube.TestHttpsServer;
import dev.knm.kube.TestKubeconfigs;
import dev.knm.kube.TestPki;
import dev.knm.kube.model.NodeDoc;
import dev.knm.kube.model.NodeDocDecoder;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lean transport against the in-process sandbox (token and client-certificate auth, TLS
 * errors), and against small JDK servers for what the sandbox cannot show here (an EC client
 * certificate from another CA, a server certificate for another name, gzip bodies).
 */
class LeanTransportTest {
  private static final String TOKEN = "lean-test-token-5f3a9c";
  static Sandbox sb;
  static TestPki pki;
  static String sandboxCertPem;
  static String sandboxKeyPkcs1Pem;

  private final KubeClientFactory factory =
      new KubeClientFactory(
          ReadRetryPolicy.withBaseDelay(Duration.ofMillis(5)), TimeoutCounter.counting());
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start_a_sandbox_and_a_second_ca() {
    sb = Sandbox.start(SandboxOptions.builder().nodes(3).pods(10).token(TOKEN).build());
    pki = new TestPki("other-ca");
    sandboxCertPem = decoded(sb.kubeconfigYaml(), "client-certificate-data");
    sandboxKeyPkcs1Pem = decoded(sb.kubeconfigYaml(), "client-key-data");
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  @AfterEach
  void close_what_the_test_opened() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private ClusterClient client(String yaml) {
    ClusterClient c = factory.create("prod-eu", yaml, TimeoutTier.SMALL);
    open.add(c);
    return c;
  }

  private static String version(ClusterClient c) {
    return KubeClusterProbe.version(c);
  }

  // --- authentication ------------------------------------------------------------------------

  @Test
  void token_auth_through_the_lean_transport() {
    ClusterClient c = client(TestKubeconfigs.token(sb.url(), sb.caCertPem(), TOKEN));

    ProbeResult r = KubeClusterProbe.probe(c, Depth.NODES);

    assertThat(c.transport()).isInstanceOf(JdkApiTransport.class);
    assertThat(r.nodeCount()).isEqualTo(3);
    assertThat(c.namespace()).isEqualTo("team-a");
  }

  @Test
  void accept_header_can_ask_for_a_server_side_table() throws Exception {
    ClusterClient c = client(TestKubeconfigs.token(sb.url(), sb.caCertPem(), TOKEN));

    byte[] table =
        c.get(
            "/api/v1/nodes",
            Map.of(),
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json",
            Duration.ofSeconds(5),
            true);
    byte[] list = c.get("/api/v1/nodes", Map.of(), Duration.ofSeconds(5), true);

    assertThat(ClusterClient.json().readTree(table).path("kind").asText()).isEqualTo("Table");
    assertThat(ClusterClient.json().readTree(list).path("kind").asText()).isEqualTo("NodeList");
  }

  @Test
  void wrong_token_is_refused_once() {
    ClusterClient c = client(TestKubeconfigs.token(sb.url(), sb.caCertPem(), "not-the-token"));

    assertThatThrownBy(() -> c.get("/api/v1/nodes/n-401", Map.of(), Duration.ofSeconds(5), true))
        .isInstanceOf(dev.knm.error.CredentialsRejectedException.class)
        .hasMessage(
            "the server refused the credentials of cluster prod-eu (401 Unauthorized): they are"
                + " wrong, expired or revoked; import the cluster again with valid ones");
    assertThat(sb.requestLog().count(e -> e.path().equals("/api/v1/nodes/n-401"))).isEqualTo(1);
  }

  @Test
  void client_certificate_with_rsa_key_in_pkcs1_as_flattened_by_import() {
    assertThat(sandboxKeyPkcs1Pem).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    String flat =
        Kubeconfig.parse(
                new KubeconfigSource(
                    "test", sb.kubeconfigYaml().getBytes(StandardCharsets.UTF_8), null))
            .flatten("sandbox-cert")
            .yaml();
    ClusterClient c = client(flat);

    // the user has no token: only the certificate can have authenticated these
    assertThat(version(c)).startsWith("v1.");
    assertThat(c.transport()).isInstanceOf(JdkApiTransport.class);
    assertThat(KubeClusterProbe.probe(c, Depth.NODES).nodeCount()).isEqualTo(3);
  }

  @Test
  void client_certificate_with_rsa_key_in_pkcs8() throws Exception {
    String pkcs8 = TestPki.pem(new PemObject("PRIVATE KEY", bcPrivateKey(sandboxKeyPkcs1Pem)));
    assertThat(pkcs8).startsWith("-----BEGIN PRIVATE KEY-----");
    ClusterClient c =
        client(TestKubeconfigs.clientCert(sb.url(), sb.caCertPem(), sandboxCertPem, pkcs8));

    assertThat(version(c)).startsWith("v1.");
  }

  @Test
  void client_certificate_with_ec_key_in_sec1_and_pkcs8() throws Exception {
    // the sandbox's CA key is not exposed, so an EC client certificate needs a server of our own
    TestPki.Issued ec = pki.client("knm-ec-client", "EC");
    assertThat(ec.traditionalKeyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----");
    HttpsServer server = https(pki.server("127.0.0.1"), true);
    String url = "https://127.0.0.1:" + server.getAddress().getPort();
    String caPem = pki.ca.certPem();

    ClusterClient sec1 =
        client(TestKubeconfigs.clientCert(url, caPem, ec.certPem(), ec.traditionalKeyPem()));
    ClusterClient pkcs8 =
        client(TestKubeconfigs.clientCert(url, caPem, ec.certPem(), ec.pkcs8KeyPem()));

    assertThat(version(sec1)).isEqualTo("CN=knm-ec-client");
    assertThat(version(pkcs8)).isEqualTo("CN=knm-ec-client");
  }

  @Test
  void unreadable_client_key_is_refused_naming_the_cluster_only() {
    String badKey =
        "-----BEGIN RSA PRIVATE KEY-----\nU0VDUkVUS0VZ\n-----END RSA PRIVATE KEY-----\n";
    String yaml = TestKubeconfigs.clientCert(sb.url(), sb.caCertPem(), sandboxCertPem, badKey);

    assertThatThrownBy(() -> client(yaml))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "cluster prod-eu: its stored kubeconfig cannot be used: client key (RSA) cannot be"
                + " read");
  }

  // --- TLS -----------------------------------------------------------------------------------

  @Test
  void wrong_ca_is_a_tls_problem_in_one_line_without_secrets() {
    String yaml = TestKubeconfigs.token(sb.url(), pki.ca.certPem(), TOKEN);

    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> new KubeClusterProbe(factory).probe("prod-eu", yaml, Depth.VERSION));

    assertThat(t)
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessage(
            "cluster prod-eu: GET /version failed: TLS: server certificate not trusted by the"
                + " cluster's certificate authority (certificate-authority-data)");
    assertThat(t.getMessage())
        .doesNotContain(TOKEN)
        .doesNotContain(TestPki.b64(pki.ca.certPem()).substring(0, 40))
        .doesNotContain("PKIX")
        .doesNotContain("\n");
  }

  @Test
  void a_refused_certificate_is_not_retried() {
    // given a kubeconfig whose CA did not sign the server's certificate, and the read retry policy
    String yaml = TestKubeconfigs.token(sb.url(), pki.ca.certPem(), TOKEN);

    // when a read that may be retried fails on it
    Throwable t;
    try (ClusterClient c = factory.create("prod-eu", yaml, TimeoutTier.SMALL)) {
      t =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> c.get("/api/v1/nodes", Map.of(), Duration.ofSeconds(10), true));
    }

    // then it fails on the first attempt: no "(N retries)", no backoff
    assertThat(t)
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessage(
            "cluster prod-eu: GET /api/v1/nodes failed: TLS: server certificate not trusted by the"
                + " cluster's certificate authority (certificate-authority-data)");
  }

  @Test
  void certificate_for_another_name_fails_unless_insecure() throws Exception {
    HttpsServer server = https(pki.server("example.invalid"), false);
    String url = "https://127.0.0.1:" + server.getAddress().getPort();
    String verified = TestKubeconfigs.token(url, pki.ca.certPem(), "t");
    String insecure =
        TestKubeconfigs.flat(url, null, "    insecure-skip-tls-verify: true\n", "    token: t\n");

    assertThatThrownBy(() -> version(client(verified)))
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessage(
            "cluster prod-eu: GET /version failed: TLS: server certificate does not match the"
                + " server's host name");
    // neither the chain (no CA given) nor the name is checked, per client: no JVM-wide property
    assertThat(version(client(insecure))).isEqualTo("anonymous");
    assertThatThrownBy(() -> version(client(verified)))
        .isInstanceOf(ClusterUnreachableException.class);
  }

  // --- gzip ----------------------------------------------------------------------------------

  @Test
  void gzip_bodies_are_asked_for_and_decoded() throws Exception {
    List<String> acceptEncodings = new CopyOnWriteArrayList<>();
    byte[] big = bigJson();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/big",
        ex -> {
          String ae = ex.getRequestHeaders().getFirst("Accept-Encoding");
          acceptEncodings.add(String.valueOf(ae));
          boolean gz = ae != null && ae.contains("gzip");
          byte[] body = gz ? gzip(big) : big;
          if (gz) {
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
          }
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    server.start();
    open.add(() -> server.stop(0));
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    ClusterClient gz = client(TestKubeconfigs.token(url, null, "t"));
    ClusterClient plain =
        client(
            TestKubeconfigs.flat(url, null, "    disable-compression: true\n", "    token: t\n"));

    byte[] viaGzip = gz.get("/big", Map.of(), Duration.ofSeconds(5), false);
    byte[] viaPlain = plain.get("/big", Map.of(), Duration.ofSeconds(5), false);

    assertThat(gzip(big).length).isLessThan(big.length / 4);
    assertThat(viaGzip).isEqualTo(big);
    assertThat(viaPlain).isEqualTo(big);
    assertThat(acceptEncodings).containsExactly("gzip", "null");
  }

  // --- fabric8 ------------------------------------------------------------------------------

  @Test
  void exec_plugin_kubeconfig_goes_through_fabric8(@TempDir Path dir) throws IOException {
    Path credential = dir.resolve("credential.json");
    Files.writeString(
        credential,
        "{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
            + "\"status\":{\"token\":\""
            + TOKEN
            + "\"}}");
    String yaml =
        TestKubeconfigs.flat(
            sb.url(),
            sb.caCertPem(),
            "",
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                + "      command: cat\n      args: ['"
                + credential
                + "']\n");
    ClusterClient c = client(yaml);

    assertThat(c.transport()).isInstanceOf(Fabric8ApiTransport.class);
    assertThat(version(c)).startsWith("v1.");
    assertThat(c.namespace()).isEqualTo("team-a");
  }

  @Test
  void a_watch_streams_on_both_transports_and_an_error_status_is_read(@TempDir Path dir)
      throws Exception {
    Path credential = dir.resolve("credential.json");
    Files.writeString(
        credential,
        "{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
            + "\"status\":{\"token\":\""
            + TOKEN
            + "\"}}");
    ClusterClient viaFabric8 =
        client(
            TestKubeconfigs.flat(
                sb.url(),
                sb.caCertPem(),
                "",
                "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                    + "      command: cat\n      args: ['"
                    + credential
                    + "']\n"));
    ClusterClient lean = client(TestKubeconfigs.token(sb.url(), sb.caCertPem(), TOKEN));
    assertThat(lean.transport()).isInstanceOf(JdkApiTransport.class);
    for (ClusterClient c : List.of(lean, viaFabric8)) {
      // given a watch from now
      String rv = Long.toString(sb.store().resourceVersion());
      try (WatchStream w =
          c.watch(
              "/api/v1/nodes",
              Map.of("watch", "true", "resourceVersion", rv),
              Duration.ofSeconds(10))) {
        // when a node changes, then its event arrives on the open stream
        sb.labelNode(
            sb.store().list(dev.knm.sandbox.ResourceType.NODE, null, null).get(0).name(),
            "streamed",
            c.transport().getClass().getSimpleName());
        WatchStream.Event<NodeDoc> e = w.next(NodeDocDecoder::node);
        assertThat(e.type()).isEqualTo("MODIFIED");
        assertThat(e.object().toSummary().labels())
            .containsEntry("streamed", c.transport().getClass().getSimpleName());
      }
      // and a watch from a version the server does not have is an error status
      assertThatThrownBy(
              () ->
                  c.watch(
                      "/api/v1/nodes",
                      Map.of("watch", "true", "resourceVersion", "999999999"),
                      Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(
              KubeApiException.class,
              e -> {
                assertThat(e.code()).isEqualTo(504);
                assertThat(e.getMessage())
                    .startsWith("Timeout: Too large resource version: 999999999");
              });
    }
  }

  @Test
  void a_watch_body_sent_gzip_is_inflated_on_both_transports(@TempDir Path dir) throws Exception {
    // given a server that answers a watch with two events, gzip (asked for or not)
    byte[] events =
        ("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"n1\",\"resourceVersion\":\"7\"}}}\n"
                + "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"9\"}}}\n")
            .getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/nodes",
        ex -> {
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.getResponseHeaders().add("Content-Encoding", "gzip");
          ex.sendResponseHeaders(200, 0); // chunked, as a watch is
          try (OutputStream o = ex.getResponseBody()) {
            o.write(gzip(events));
          }
        });
    server.start();
    open.add(() -> server.stop(0));
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    ClusterClient lean = client(TestKubeconfigs.token(url, null, "t"));
    ClusterClient viaFabric8 = fabric8Client(url, null, dir);
    assertThat(viaFabric8.transport()).isInstanceOf(Fabric8ApiTransport.class);

    for (ClusterClient c : List.of(lean, viaFabric8)) {
      // when
      List<String> read = new ArrayList<>();
      try (WatchStream w = c.watch("/api/v1/nodes", Map.of("watch", "true"), secs(10))) {
        for (WatchStream.Event<NodeDoc> e = w.next(NodeDocDecoder::node);
            e != null;
            e = w.next(NodeDocDecoder::node)) {
          read.add(e.type() + " " + e.object().resourceVersion());
        }
      }
      // then: both events, inflated, and the end of the stream
      assertThat(read)
          .as(c.transport().getClass().getSimpleName())
          .containsExactly("ADDED 7", "BOOKMARK 9");
    }
  }

  @Test
  void a_watch_read_that_waits_longer_than_the_read_timeout_fails() throws Exception {
    // given a lean watch with a 1 s read timeout, on a server that sends one event and then
    // nothing
    ClusterClient lean = client(TestKubeconfigs.token(quietWatchServer(), null, "t"));
    try (WatchStream w = lean.watch("/api/v1/nodes", Map.of("watch", "true"), secs(1))) {
      assertThat(w.next(NodeDocDecoder::node).object().resourceVersion()).isEqualTo("5");

      // when the next read waits, then it fails after the read timeout
      assertThatThrownBy(() -> w.next(NodeDocDecoder::node))
          .isInstanceOf(KubeIoException.class)
          .hasCauseInstanceOf(java.net.SocketTimeoutException.class);
    }
  }

  @Test
  void closing_a_watch_from_another_thread_ends_a_blocked_read_on_both_transports(@TempDir Path dir)
      throws Exception {
    // given a server that sends one event and then holds the watch open
    String url = quietWatchServer();
    ClusterClient lean = client(TestKubeconfigs.token(url, null, "t"));
    ClusterClient viaFabric8 = fabric8Client(url, null, dir);

    for (ClusterClient c : List.of(lean, viaFabric8)) {
      String name = c.transport().getClass().getSimpleName();
      // (HttpURLConnection's disconnect waits for a read blocked in another thread to return:
      // the lean watch's read timeout, kept short here, ends it; callers close on a thread of
      // their own for that reason)
      WatchStream w = c.watch("/api/v1/nodes", Map.of("watch", "true"), secs(2));
      assertThat(w.next(NodeDocDecoder::node).object().resourceVersion()).isEqualTo("5");
      CompletableFuture<WatchStream.Event<NodeDoc>> blocked = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try {
                  blocked.complete(w.next(NodeDocDecoder::node));
                } catch (RuntimeException e) {
                  blocked.completeExceptionally(e);
                }
              });
      reader.start();
      Thread.sleep(200); // it blocks in the read: the server sends nothing more
      assertThat(blocked).as(name).isNotDone();

      // when another thread closes the watch
      Thread closer = new Thread(w::close);
      closer.start();

      // then the blocked read ends as the end of the stream, not as an error
      assertThat(blocked.get(10, TimeUnit.SECONDS)).as(name).isNull();
      closer.join(10_000);
      assertThat(closer.isAlive()).as(name).isFalse();
    }
  }

  @Test
  void a_watch_whose_headers_do_not_come_within_the_request_timeout_times_out_and_is_counted()
      throws Exception {
    // given a server that accepts a watch and never answers, and a 1 s request timeout
    CountDownLatch release = new CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/nodes",
        ex -> {
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    server.start();
    open.add(release::countDown);
    open.add(() -> server.stop(0));
    List<String> calls = new CopyOnWriteArrayList<>();
    TimeoutCounter timeouts = TimeoutCounter.counting();
    KubeClientFactory f =
        new KubeClientFactory(ReadRetryPolicy.none(), timeouts)
            .observe(
                (cluster, verb, took, status) -> calls.add(cluster + " " + verb + " " + status));
    ClusterClient c =
        f.create(
            "slow",
            TestKubeconfigs.token("http://127.0.0.1:" + server.getAddress().getPort(), null, "t"),
            new TimeoutTier(secs(1), secs(1)));
    open.add(c);

    // when: the watch's read timeout is a minute, the request timeout a second
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> c.watch("/api/v1/nodes", Map.of("watch", "true"), secs(60)));

    // then: it timed out after the request timeout, was counted, and observed as a watch
    assertThat(thrown)
        .isInstanceOfSatisfying(
            KubeTimeoutException.class, e -> assertThat(e.timeout()).isEqualTo(secs(1)));
    assertThat(timeouts.count("slow")).isEqualTo(1);
    assertThat(calls).containsExactly("slow watch " + CallObserver.TIMED_OUT);
  }

  /** A server whose watch of nodes sends one BOOKMARK and then nothing until the test ends. */
  private String quietWatchServer() throws IOException {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(
        java.util.concurrent.Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "quiet-watch-server");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/api/v1/nodes",
        ex -> {
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, 0); // chunked, as a watch is
          OutputStream o = ex.getResponseBody();
          o.write(
              "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"5\"}}}\n"
                  .getBytes(StandardCharsets.UTF_8));
          o.flush();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    server.start();
    open.add(release::countDown); // before the server stops: its handlers end
    open.add(() -> server.stop(0));
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A client for {@code url} through the fabric8 transport (an exec plugin sends the token). */
  private ClusterClient fabric8Client(String url, String caPem, Path dir) throws IOException {
    Path credential = dir.resolve("credential-" + open.size() + ".json");
    Files.writeString(
        credential,
        "{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
            + "\"status\":{\"token\":\""
            + TOKEN
            + "\"}}");
    return client(
        TestKubeconfigs.flat(
            url,
            caPem,
            "",
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                + "      command: cat\n      args: ['"
                + credential
                + "']\n"));
  }

  private static Duration secs(int s) {
    return Duration.ofSeconds(s);
  }

  @Test
  void fabric8_client_is_built_on_first_use_and_closed_with_the_client() {
    ClusterClient c =
        factory.create(
            "prod-eu", TestKubeconfigs.token(sb.url(), sb.caCertPem(), TOKEN), TimeoutTier.SMALL);

    KubernetesClient k = c.kubernetes();

    assertThat(c.kubernetes()).isSameAs(k);
    assertThat(k.getConfiguration().getNamespace()).isEqualTo("team-a");
    assertThat(k.nodes().list().getItems()).hasSize(3);
    c.close();
    assertThat(k.getHttpClient().isClosed()).isTrue();
    assertThat(c.isClosed()).isTrue();
    assertThatThrownBy(c::kubernetes).isInstanceOf(IllegalStateException.class);
  }

  // --- helpers -------------------------------------------------------------------------------

  private HttpsServer https(TestPki.Issued cert, boolean needClientAuth) throws Exception {
    HttpsServer server = TestHttpsServer.start(pki, cert, needClientAuth);
    open.add(() -> server.stop(0));
    return server;
  }

  private static String decoded(String yaml, String key) {
    Matcher m = Pattern.compile(key + ": (\\S+)").matcher(yaml);
    assertThat(m.find()).isTrue();
    return new String(java.util.Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
  }

  private static byte[] bcPrivateKey(String pkcs1Pem) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(pkcs1Pem))) {
      return new JcaPEMKeyConverter()
          .getKeyPair((PEMKeyPair) p.readObject())
          .getPrivate()
          .getEncoded();
    }
  }

  /** ~300 KB of node-list-like JSON: above kube-apiserver's 128 KiB gzip threshold. */
  private static byte[] bigJson() {
    StringBuilder sb = new StringBuilder("{\"kind\":\"NodeList\",\"items\":[");
    for (int i = 0; i < 1500; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"metadata\":{\"name\":\"node-")
          .append(i)
          .append("\",\"labels\":{\"kubernetes.io/hostname\":\"node-")
          .append(i)
          .append("\",\"topology.kubernetes.io/zone\":\"zone-a\"}},\"status\":{\"images\":[]}}");
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }
}
