package dev.knm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The knobs watch tests need: the change record, heartbeat-only writes, history compaction. */
class WatchKnobsTest {

  @Test
  void changeRecordKeepsEveryNodeChangeFieldByField() {
    try (Sandbox sb = Sandbox.start(SandboxOptions.builder().nodes(2).pods(0).build())) {
      // given a record started after the scenario was loaded
      ChangeRecord record = sb.store().recordChanges();
      String n = Scenario.nodeName(1);

      // when a label is set then changed, a taint added, Ready flipped, a heartbeat posted
      sb.labelNode(n, "team", "a");
      sb.labelNode(n, "team", "b");
      sb.taintNode(n, "dedicated", "gpu", "NoSchedule");
      sb.setNodeReady(n, false);
      sb.heartbeat(n);
      sb.labelNode(n, "team", null);

      // then each write is recorded as the fields it changed, old and new, in order
      List<String> seen =
          record.changes().stream()
              .map(c -> c.pathText() + " " + c.oldValue() + " -> " + c.newValue())
              .toList();
      assertThat(seen.subList(0, 4))
          .containsExactly(
              "metadata.labels[team] null -> a",
              "metadata.labels[team] a -> b",
              "spec.taints[dedicated:NoSchedule] null -> "
                  + "{\"key\":\"dedicated\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"}",
              "status.conditions[Ready].status True -> Unknown");
      assertThat(seen.subList(4, seen.size() - 1))
          .allMatch(s -> s.matches("status\\.conditions\\[\\w+]\\.lastHeartbeatTime .*"))
          .hasSizeBetween(0, 4); // 0 when the heartbeat fell in the same second as the scenario's
      assertThat(seen.get(seen.size() - 1)).isEqualTo("metadata.labels[team] b -> null");
      assertThat(record.changes())
          .extracting(ChangeRecord.Change::resourceVersion)
          .isSorted()
          .allMatch(rv -> rv > 0);
    }
  }

  @Test
  void heartbeatIntervalUpdatesEveryNodesHeartbeatsAndNothingElse() throws Exception {
    try (Sandbox sb =
        Sandbox.start(
            SandboxOptions.builder()
                .nodes(20)
                .pods(0)
                .heartbeatInterval(Duration.ofMillis(1000))
                .build())) {
      ChangeRecord record = sb.store().recordChanges();

      // when two and a half intervals pass
      Thread.sleep(2500);

      // then every node posted heartbeats, and nothing but heartbeat times changed
      List<ChangeRecord.Change> changes = record.changes();
      Set<String> nodes =
          changes.stream().map(ChangeRecord.Change::node).collect(Collectors.toSet());
      assertThat(nodes).hasSize(20);
      assertThat(changes)
          .allMatch(c -> c.path().get(c.path().size() - 1).equals("lastHeartbeatTime"));
    }
  }

  @Test
  void compactionMakesAnOlderResourceVersionGone() throws Exception {
    try (Sandbox sb = Sandbox.start(SandboxOptions.builder().nodes(2).pods(0).build())) {
      // given a resourceVersion a watch could resume from, and a change after it
      long before = sb.store().resourceVersion();
      sb.labelNode(Scenario.nodeName(0), "x", "1");
      assertThat(watchFrom(sb, before)).contains("\"type\":\"MODIFIED\"");

      // when the history is compacted (the fault knob does it on a timer)
      sb.faults().compactEvery(Duration.ofMillis(100));
      Thread.sleep(400);
      sb.faults().reset();

      // then resuming from it is 410 Gone, from the current one is fine
      assertThat(watchFrom(sb, before)).contains("\"code\":410").contains("\"reason\":\"Expired\"");
      assertThat(watchFrom(sb, sb.store().resourceVersion())).doesNotContain("ERROR");
    }
  }

  private static String watchFrom(Sandbox sb, long rv) throws Exception {
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
    HttpClient http = HttpClient.newBuilder().sslContext(ctx).build();
    return http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        sb.url()
                            + "/api/v1/nodes?watch=true&timeoutSeconds=1&resourceVersion="
                            + rv))
                .header("Authorization", "Bearer " + sb.token())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
