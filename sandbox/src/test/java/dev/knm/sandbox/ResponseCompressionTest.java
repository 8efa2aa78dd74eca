package dev.knm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Responses gzip-encoded by kube-apiserver's rule: gzip asked for, body over 128 KiB. */
class ResponseCompressionTest {
  static final String NODES = "/api/v1/nodes";
  static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  static Sandbox sb;
  static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    // 30 nodes of 10-20 KB: the node list is well over 128 KiB, one node well under it
    sb = Sandbox.start(SandboxOptions.builder().nodes(30).pods(60).build());
    http = client();
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  // ------------------------------------------------------------------ against the server

  @Test
  void largeListAskedForGzipComesGzippedAndDecodesToTheExactBody() throws Exception {
    HttpResponse<byte[]> plain = get(NODES, null, null);
    HttpResponse<byte[]> gz = get(NODES, "gzip", null);

    assertThat(plain.body().length).isGreaterThan(ResponseCompression.THRESHOLD_BYTES);
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(gz.statusCode()).isEqualTo(200);
    assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(gz.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(gz.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(gz.body().length).isLessThan(plain.body().length / 3);
    assertThat(gunzip(gz.body())).isEqualTo(plain.body());
  }

  @Test
  void largeTableAmongSeveralEncodingsComesGzipped() throws Exception {
    // a Table's AGE cells move with the clock, so the decoded body is checked by content
    HttpResponse<byte[]> gz = get(NODES + "?includeObject=Object", "deflate, gzip, br", TABLE);

    assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
    byte[] body = gunzip(gz.body());
    assertThat(body.length).isGreaterThan(ResponseCompression.THRESHOLD_BYTES);
    var table = Json.parse(body);
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("rows").size()).isEqualTo(30);
  }

  @Test
  void smallResponseIsNotCompressed() throws Exception {
    HttpResponse<byte[]> r = get(NODES + "/" + Scenario.nodeName(0), "gzip", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().length).isLessThanOrEqualTo(ResponseCompression.THRESHOLD_BYTES);
    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(r.headers().firstValue("Vary")).isEmpty();
    assertThat(Json.parse(r.body()).path("metadata").path("name").asText())
        .isEqualTo(Scenario.nodeName(0));
  }

  @Test
  void largeListWithoutAcceptEncodingIsNotCompressed() throws Exception {
    HttpResponse<byte[]> r = get(NODES, null, null);

    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(Json.parse(r.body()).path("items").size()).isEqualTo(30);
  }

  @Test
  void largeListWithGzipQZeroIsNotCompressed() throws Exception {
    HttpResponse<byte[]> r = get(NODES, "gzip;q=0", null);
    HttpResponse<byte[]> among = get(NODES, "deflate, gzip;q=0", null);

    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(Json.parse(r.body()).path("items").size()).isEqualTo(30);
    assertThat(among.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(among.body()).isEqualTo(r.body());
  }

  @Test
  void watchStreamIsNeverCompressed() throws Exception {
    // the initial ADDED events of 30 nodes add up to far more than 128 KiB
    HttpResponse<byte[]> r = get(NODES + "?watch=1&timeoutSeconds=1", "gzip", null);

    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    String[] events = new String(r.body(), StandardCharsets.UTF_8).split("\n");
    assertThat(r.body().length).isGreaterThan(ResponseCompression.THRESHOLD_BYTES);
    assertThat(events).hasSize(30).allMatch(e -> e.startsWith("{\"type\":\"ADDED\""));
  }

  @Test
  void slowBodyTricklesTheCompressedBytes() throws Exception {
    byte[] plain = get(NODES, null, null).body();
    sb.requestLog().clear();
    sb.faults().slowBodies(1.0, Duration.ofMillis(300));
    try {
      long t0 = System.nanoTime();
      HttpResponse<byte[]> gz = get(NODES, "gzip", null);
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(ms).isGreaterThanOrEqualTo(300);
      assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(gunzip(gz.body())).isEqualTo(plain);
      assertThat(sb.requestLog().entries())
          .singleElement()
          .satisfies(e -> assertThat(e.contentEncoding()).isEqualTo("gzip"));
    } finally {
      sb.faults().reset();
    }
  }

  @Test
  void smallErrorIsNotCompressed() throws Exception {
    HttpResponse<byte[]> r = get(NODES + "/no-such-node", "gzip", null);

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(Json.parse(r.body()).path("reason").asText()).isEqualTo("NotFound");
  }

  // ------------------------------------------------------------------ the rule itself

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "deflate, gzip", " gzip ", "br,gzip,zstd", "gzip, deflate"})
  void gzipListedAsAnEntryIsAccepted(String header) {
    assertThat(ResponseCompression.accepted(header)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {"gzip;q=0", "deflate, gzip;q=0", "gzip;q=1", "GZIP", "*", "x-gzip", "deflate"})
  void anythingElseIsNotAccepted(String header) {
    // like the apiserver: any parameter on the gzip entry, even q=1, makes it not match
    assertThat(ResponseCompression.accepted(header)).isFalse();
  }

  @Test
  void thresholdIsStrictlyMoreThan128KiB() {
    assertThat(ResponseCompression.applies("gzip", 128 * 1024)).isFalse();
    assertThat(ResponseCompression.applies("gzip", 128 * 1024 + 1)).isTrue();
    assertThat(ResponseCompression.applies(null, 128 * 1024 + 1)).isFalse();
  }

  @Test
  void gzipOfRandomBytesRoundTripsWithCrcAndLength() throws Exception {
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data); // incompressible: output larger than one deflate chunk

    byte[] gz = ResponseCompression.gzip(Buffer.buffer(data)).getBytes();

    assertThat(new int[] {gz[0] & 0xff, gz[1] & 0xff}).containsExactly(0x1f, 0x8b);
    assertThat(gunzip(gz)).isEqualTo(data); // GZIPInputStream checks CRC32 and ISIZE
  }

  // ------------------------------------------------------------------ helpers

  private static HttpResponse<byte[]> get(String path, String acceptEncoding, String accept)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sb.url() + path))
            .header("Authorization", "Bearer " + sb.token());
    if (acceptEncoding != null) {
      b.header("Accept-Encoding", acceptEncoding);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  private static HttpClient client() throws Exception {
    var cf = java.security.cert.CertificateFactory.getInstance("X.509");
    var ca =
        cf.generateCertificate(
            new ByteArrayInputStream(sb.caCertPem().getBytes(StandardCharsets.UTF_8)));
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
}
