package dev.knm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** fabric8 (JDK http client) against the sandbox: pagination, 410s, watches, faults. */
class Fabric8ClientTest {
  static Sandbox sb;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    sb = Sandbox.start(SandboxOptions.builder().nodes(10).pods(200).eventHistory(50).build());
    Config c = Config.fromKubeconfig(sb.kubeconfigYaml());
    c.setRequestRetryBackoffLimit(0);
    client = new KubernetesClientBuilder().withConfig(c).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    sb.close();
  }

  @BeforeEach
  void clearFaults() {
    sb.faults().reset();
  }

  @Test
  void pagesInKeyOrderWithRemainingItemCount() {
    PodList first =
        client.pods().inAnyNamespace().list(new ListOptionsBuilder().withLimit(30L).build());
    assertThat(first.getItems()).hasSize(30);
    assertThat(first.getMetadata().getContinue()).isNotBlank();
    assertThat(first.getMetadata().getRemainingItemCount())
        .isEqualTo(sb.store().count(ResourceType.POD) - 30L);
    assertThat(first.getMetadata().getResourceVersion()).isNotBlank();
    int total = first.getItems().size();
    String cont = first.getMetadata().getContinue();
    String lastKey = key(first.getItems().get(29));
    while (cont != null) {
      PodList page =
          client
              .pods()
              .inAnyNamespace()
              .list(new ListOptionsBuilder().withLimit(30L).withContinue(cont).build());
      assertThat(key(page.getItems().get(0))).isGreaterThan(lastKey);
      lastKey = key(page.getItems().get(page.getItems().size() - 1));
      total += page.getItems().size();
      cont = page.getMetadata().getContinue();
    }
    assertThat(total).isEqualTo(sb.store().count(ResourceType.POD));
  }

  private static String key(io.fabric8.kubernetes.api.model.Pod p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }

  @Test
  void expiredContinueTokenGives410WithAFreshToken() throws Exception {
    sb.faults().continueTokenTtl(Duration.ofMillis(300));
    PodList first =
        client.pods().inAnyNamespace().list(new ListOptionsBuilder().withLimit(10L).build());
    Thread.sleep(500);
    assertThatThrownBy(
            () ->
                client
                    .pods()
                    .inAnyNamespace()
                    .list(
                        new ListOptionsBuilder()
                            .withLimit(10L)
                            .withContinue(first.getMetadata().getContinue())
                            .build()))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(410);
              assertThat(e.getStatus().getReason()).isEqualTo("Expired");
              assertThat(e.getStatus().getMessage())
                  .startsWith("The provided continue parameter is too old");
              assertThat(e.getStatus().getMetadata().getContinue()).isNotBlank();
            });
  }

  @Test
  void watchOverWebSocketSeesLabelChange() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    String name = Scenario.nodeName(2);
    int watchesBefore = sb.store().watchCount();
    try (var w =
        client
            .nodes()
            .withName(name)
            .watch(
                new Watcher<Node>() {
                  @Override
                  public void eventReceived(Action action, Node resource) {
                    events.add(action + " " + resource.getMetadata().getLabels().get("ws"));
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      for (int i = 0; i < 200 && sb.store().watchCount() <= watchesBefore; i++) {
        Thread.sleep(50);
      }
      sb.labelNode(name, "ws", "1");
      String e = events.poll(5, TimeUnit.SECONDS);
      while (e != null && !e.endsWith(" 1")) {
        e = events.poll(5, TimeUnit.SECONDS);
      }
      assertThat(e).isEqualTo("MODIFIED 1");
    }
    assertThat(sb.requestLog().count(r -> r.status() == 101 && r.path().equals("/api/v1/nodes")))
        .as("websocket upgrade")
        .isPositive();
  }

  @Test
  void watchFromTooOldResourceVersionGetsExpiredErrorEvent() throws Exception {
    String rv0 = client.nodes().list().getMetadata().getResourceVersion();
    for (int i = 0; i < 60; i++) {
      sb.labelNode(Scenario.nodeName(3), "churn", Integer.toString(i));
    }
    HttpResponse<String> r =
        raw("/api/v1/nodes?watch=true&resourceVersion=" + rv0 + "&timeoutSeconds=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .startsWith("{\"type\":\"ERROR\"")
        .contains("\"code\":410")
        .contains("\"reason\":\"Expired\"");
  }

  @Test
  void bookmarksWhenAllowed() throws Exception {
    HttpResponse<String> r =
        raw(
            "/api/v1/namespaces/default/pods?watch=true&allowWatchBookmarks=true&resourceVersion="
                + sb.store().resourceVersion()
                + "&timeoutSeconds=1");
    assertThat(r.body()).contains("\"type\":\"BOOKMARK\"");
  }

  @Test
  void throttleFaultSendsRetryAfter() throws Exception {
    sb.faults().throttleRate(1.0, 7);
    HttpResponse<String> r = raw("/api/v1/nodes");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(r.body()).contains("\"retryAfterSeconds\":7");
    sb.faults().reset().errorRate(1.0);
    assertThat(raw("/api/v1/nodes").statusCode()).isEqualTo(500);
    sb.faults().reset();
    HttpResponse<String> admin = raw("/_sandbox/faults");
    assertThat(admin.statusCode()).isEqualTo(200);
  }

  @Test
  void adminEndpointSetsFaults() throws Exception {
    HttpResponse<String> r = rawPost("/_sandbox/faults", "{\"latencyMs\":150,\"errorRate\":0}");
    assertThat(r.statusCode()).isEqualTo(200);
    long t0 = System.nanoTime();
    assertThat(raw("/api/v1/namespaces").statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(140);
  }

  @Test
  void droppedWatchesSlowBodiesAndResets() throws Exception {
    sb.faults().dropWatchesEvery(Duration.ofMillis(300));
    long t0 = System.nanoTime();
    HttpResponse<String> w =
        raw("/api/v1/nodes?watch=true&resourceVersion=" + sb.store().resourceVersion());
    assertThat(w.statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
    sb.faults().reset().slowBodies(1.0, Duration.ofMillis(800));
    t0 = System.nanoTime();
    HttpResponse<String> slow = raw("/api/v1/namespaces");
    assertThat(slow.statusCode()).isEqualTo(200);
    assertThat(slow.body()).contains("NamespaceList");
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(700);
    sb.faults().reset().resetRate(1.0);
    assertThatThrownBy(() -> raw("/api/v1/namespaces")).isInstanceOf(java.io.IOException.class);
    sb.faults().reset();
  }

  @Test
  void informerSyncsAndSeesUpdates() throws Exception {
    BlockingQueue<String> updates = new LinkedBlockingQueue<>();
    var informer =
        client
            .nodes()
            .inform(
                new io.fabric8.kubernetes.client.informers.ResourceEventHandler<Node>() {
                  @Override
                  public void onAdd(Node obj) {}

                  @Override
                  public void onUpdate(Node oldObj, Node newObj) {
                    updates.add(
                        newObj.getMetadata().getName()
                            + " "
                            + newObj.getMetadata().getLabels().get("inf"));
                  }

                  @Override
                  public void onDelete(Node obj, boolean deletedFinalStateUnknown) {}
                });
    try {
      informer.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(informer.getStore().list()).hasSize(10);
      sb.labelNode(Scenario.nodeName(6), "inf", "x");
      String u = updates.poll(5, TimeUnit.SECONDS);
      while (u != null && !u.endsWith(" x")) {
        u = updates.poll(5, TimeUnit.SECONDS);
      }
      assertThat(u).isEqualTo(Scenario.nodeName(6) + " x");
    } finally {
      informer.close();
    }
  }

  @Test
  void unauthenticatedIs401() throws Exception {
    HttpResponse<String> r =
        http()
            .send(
                HttpRequest.newBuilder(URI.create(sb.url() + "/api/v1/nodes")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
  }

  private static HttpClient http() throws Exception {
    var cf = java.security.cert.CertificateFactory.getInstance("X.509");
    var ca = cf.generateCertificate(new java.io.ByteArrayInputStream(sb.caCertPem().getBytes()));
    var ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", ca);
    var tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).build();
  }

  static HttpResponse<String> raw(String path) throws Exception {
    return http()
        .send(
            HttpRequest.newBuilder(URI.create(sb.url() + path))
                .header("Authorization", "Bearer " + sb.token())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> rawPost(String path, String body) throws Exception {
    return http()
        .send(
            HttpRequest.newBuilder(URI.create(sb.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
