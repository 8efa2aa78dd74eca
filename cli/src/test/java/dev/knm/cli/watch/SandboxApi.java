package dev.knm.cli.watch;

import dev.knm.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Changes nodes through the sandbox's API, as kubectl would (PATCH), not behind its back. */
final class SandboxApi {
  static final String MERGE = "application/merge-patch+json";
  static final String STRATEGIC = "application/strategic-merge-patch+json";

  private final Sandbox sb;
  private final HttpClient http;

  SandboxApi(Sandbox sb) throws Exception {
    this.sb = sb;
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
    this.http = HttpClient.newBuilder().sslContext(ctx).build();
  }

  /**
   * PATCHes a node (or its status with {@code status}); fails the test on an error status. While
   * the API server is down (connection refused or dropped) it tries again, for up to 10 s.
   */
  void patch(String node, boolean status, String contentType, String body) throws Exception {
    long end = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        send(node, status, contentType, body);
        return;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > end) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }

  private void send(String node, boolean status, String contentType, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(sb.url() + "/api/v1/nodes/" + node + (status ? "/status" : "")))
                .header("Authorization", "Bearer " + sb.token())
                .header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("PATCH " + node + ": " + r.statusCode() + " " + r.body());
    }
  }

  void label(String node, String key, String value) throws Exception {
    patch(
        node,
        false,
        MERGE,
        "{\"metadata\":{\"labels\":{\""
            + key
            + "\":"
            + (value == null ? "null" : "\"" + value + "\"")
            + "}}}");
  }
}
