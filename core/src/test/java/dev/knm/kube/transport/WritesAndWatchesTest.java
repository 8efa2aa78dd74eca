package dev.knm.kube.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.kube.model.Pod;
import dev.knm.kube.model.PodDecoder;
import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes (status and body laid open, never retried) and watches (events as they come), on both
 * transports: the lean one and fabric8's (a kubeconfig whose CA is a file takes fabric8's).
 */
class WritesAndWatchesTest {
  static Sandbox sb;
  @TempDir static Path dir;
  static String lean;
  static String fabric8;

  private final KubeClientFactory factory =
      new KubeClientFactory(
          ReadRetryPolicy.withBaseDelay(Duration.ofMillis(5)), TimeoutCounter.counting());

  @BeforeAll
  static void start() throws Exception {
    sb =
        Sandbox.start(
            SandboxOptions.builder().nodes(2).pods(0).graceCap(Duration.ofMillis(100)).build());
    lean = sb.kubeconfigYaml();
    fabric8 = Files.readString(sb.writeKubeconfigWithFiles(dir.resolve("files")));
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  private static byte[] lease(String name, String rv) {
    return lease(name, rv, "me");
  }

  private static byte[] lease(String name, String rv, String holder) {
    return ("{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\""
            + name
            + "\",\"namespace\":\"kube-system\""
            + (rv == null ? "" : ",\"resourceVersion\":\"" + rv + "\"")
            + "},\"spec\":{\"holderIdentity\":\""
            + holder
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases";

  private void createUpdateConflictDelete(String yaml, String name) {
    try (ClusterClient c = factory.create("sb", yaml, TimeoutTier.SMALL)) {
      // when: created
      ApiResponse created = c.send("POST", LEASES, Map.of(), null, lease(name, null), secs(5));
      // then
      assertThat(created.code()).isEqualTo(201);
      String rv =
          sb.store()
              .get(ResourceType.LEASE, "kube-system", name)
              .node()
              .path("metadata")
              .path("resourceVersion")
              .asText();

      // a second create: 409 AlreadyExists, with the server's message
      ApiResponse again = c.send("POST", LEASES, Map.of(), null, lease(name, null), secs(5));
      assertThat(again.code()).isEqualTo(409);
      assertThat(again.status().reason()).isEqualTo("AlreadyExists");
      assertThat(again.message())
          .isEqualTo("leases.coordination.k8s.io \"" + name + "\" already exists");

      // an update with the version read: 200; another with that version: 409 Conflict
      assertThat(
              c.send("PUT", LEASES + "/" + name, Map.of(), null, lease(name, rv, "you"), secs(5))
                  .code())
          .isEqualTo(200);
      ApiResponse stale =
          c.send("PUT", LEASES + "/" + name, Map.of(), null, lease(name, rv, "them"), secs(5));
      assertThat(stale.code()).isEqualTo(409);
      assertThat(stale.status().reason()).isEqualTo("Conflict");

      // delete, then it is gone
      assertThat(c.send("DELETE", LEASES + "/" + name, Map.of(), null, null, secs(5)).code())
          .isEqualTo(200);
      assertThat(c.send("GET", LEASES + "/" + name, Map.of(), null, null, secs(5)).code())
          .isEqualTo(404);
    }
  }

  private static Duration secs(int s) {
    return Duration.ofSeconds(s);
  }

  @Test
  void writes_on_the_lean_transport_return_every_status() {
    createUpdateConflictDelete(lean, "lean-lease");
  }

  @Test
  void writes_on_the_fabric8_transport_return_every_status() {
    try (ClusterClient c = factory.create("sb", fabric8, TimeoutTier.SMALL)) {
      assertThat(c.transport()).isInstanceOf(Fabric8ApiTransport.class);
      assertThat(c.supportsPatch()).isTrue();
    }
    createUpdateConflictDelete(fabric8, "fabric8-lease");
  }

  @Test
  void the_lean_transport_cannot_patch_and_says_so() {
    try (ClusterClient c = factory.create("sb", lean, TimeoutTier.SMALL)) {
      assertThat(c.supportsPatch()).isFalse();
      assertThatThrownBy(
              () ->
                  c.send(
                      "PATCH",
                      "/api/v1/nodes/x",
                      Map.of(),
                      "application/merge-patch+json",
                      "{}".getBytes(StandardCharsets.UTF_8),
                      secs(5)))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessage("the lean transport cannot send PATCH");
    }
  }

  @Test
  void a_write_is_sent_once_even_when_the_server_fails_it() {
    // given: a server that answers every request with 500
    try (ClusterClient c = factory.create("sb", lean, TimeoutTier.SMALL)) {
      sb.requestLog().clear();
      sb.faults().errorRate(1.0);
      ApiResponse r;
      try {
        r = c.send("POST", LEASES, Map.of(), null, lease("never", null), secs(5));
      } finally {
        sb.faults().errorRate(0);
      }
      // then: the 500 comes back, after exactly one request (the read policy would retry 3 times)
      assertThat(r.code()).isEqualTo(500);
      assertThat(r.message()).isEqualTo("Internal error occurred: injected fault");
      assertThat(sb.requestLog().count(e -> e.method().equals("POST"))).isEqualTo(1);
    }
  }

  @Test
  void a_429_gives_its_retry_after() {
    try (ClusterClient c = factory.create("sb", lean, TimeoutTier.SMALL)) {
      sb.faults().throttleRate(1.0, 7);
      ApiResponse r;
      try {
        r = c.send("POST", LEASES, Map.of(), null, lease("throttled", null), secs(5));
      } finally {
        sb.faults().throttleRate(0, 1);
      }
      assertThat(r.code()).isEqualTo(429);
      assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }
  }

  private void watchSeesTheDeletion(String yaml, String name) throws Exception {
    String node = Scenario.nodeName(1);
    sb.addPod("team-w", name, node, Scenario.PodKind.REPLICA_SET, "w");
    try (ClusterClient c = factory.create("sb", yaml, TimeoutTier.SMALL)) {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("watch", "true");
      q.put("fieldSelector", "spec.nodeName=" + node);
      q.put("resourceVersion", Long.toString(sb.store().resourceVersion()));
      try (WatchStream w = c.watch("/api/v1/pods", q, secs(30))) {
        CompletableFuture<Long> deletedAt = new CompletableFuture<>();
        Thread reader =
            new Thread(
                () -> {
                  for (WatchStream.Event<Pod> e = w.next(PodDecoder::pod);
                      e != null;
                      e = w.next(PodDecoder::pod)) {
                    Pod p = e.object();
                    if (e.type().equals("DELETED") && p.name().equals(name)) {
                      deletedAt.complete(System.nanoTime());
                      return;
                    }
                  }
                });
        reader.start();
        // when: the pod is deleted (no grace) in the server
        long t0 = System.nanoTime();
        sb.store().delete(ResourceType.POD, "team-w", name, 0L);
        // then: the DELETED event arrives at once (well under the 1 s kubectl polls at)
        long took = deletedAt.get(10, TimeUnit.SECONDS) - t0;
        assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofMillis(900));
      }
    }
  }

  @Test
  void a_watch_on_the_lean_transport_delivers_events_as_they_happen() throws Exception {
    watchSeesTheDeletion(lean, "watched-lean");
  }

  @Test
  void a_watch_on_the_fabric8_transport_delivers_events_as_they_happen() throws Exception {
    watchSeesTheDeletion(fabric8, "watched-fabric8");
  }

  @Test
  void a_watch_from_a_version_too_old_is_refused_with_410() {
    sb.store().historyLimit(1);
    try (ClusterClient c = factory.create("sb", lean, TimeoutTier.SMALL)) {
      sb.ensureNamespace("old-1");
      sb.ensureNamespace("old-2");
      Map<String, String> q = Map.of("watch", "true", "resourceVersion", "1");
      WatchStream w = c.watch("/api/v1/pods", q, secs(5));
      // the sandbox answers 200 and an ERROR event, as the API server does
      WatchStream.Event<WatchStream.ObjectJson> e = w.next(WatchStream.OBJECT_JSON);
      w.close();
      assertThat(e.type()).isEqualTo("ERROR");
      assertThat(e.code()).isEqualTo(410);
      assertThat(e.object()).isNull();
      assertThat(List.of(e.status().reason())).containsExactly("Expired");
    } finally {
      sb.store().historyLimit(20_000);
    }
  }
}
