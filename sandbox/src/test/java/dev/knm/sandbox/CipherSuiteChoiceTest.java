package dev.knm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server takes the client's cipher-suite order, as a Go API server does for these clients. */
class CipherSuiteChoiceTest {
  static Sandbox sb;

  @BeforeAll
  static void start() {
    sb = Sandbox.start(SandboxOptions.builder().nodes(3).pods(0).build());
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  @Test
  void clientOfferingChachaFirstGetsChachaOverHttp() throws Exception {
    // given a JDK HttpClient that lists the ChaCha20 suites first, as knm's lean client does
    SSLContext ctx = context(false);
    HttpClient http =
        HttpClient.newBuilder().sslContext(ctx).sslParameters(chachaFirst(ctx)).build();

    // when it lists nodes with the token
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(sb.url() + "/api/v1/nodes?limit=1"))
                .header("Authorization", "Bearer " + sb.token())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    // then the request works over ChaCha20-Poly1305
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.sslSession().orElseThrow().getCipherSuite())
        .isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
  }

  @Test
  void clientCertificateStillAuthenticatesOverChacha() throws Exception {
    // given a client with the sandbox's client certificate and no token, ChaCha20 first
    SSLContext ctx = context(true);
    HttpClient http =
        HttpClient.newBuilder().sslContext(ctx).sslParameters(chachaFirst(ctx)).build();

    // when it lists nodes
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(sb.url() + "/api/v1/nodes")).build(),
            HttpResponse.BodyHandlers.ofString());

    // then the certificate is accepted on the ChaCha20 connection
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.sslSession().orElseThrow().getCipherSuite())
        .isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
  }

  @Test
  void clientWithTheJdkDefaultOrderGetsItsFirstAesGcmSuite() throws Exception {
    // given the JDK's default order (TLS_AES_256_GCM_SHA384 first); a Go server would pick
    // TLS_AES_128_GCM_SHA256 here (its own AES-first order): the sandbox's one known difference
    SSLContext ctx = context(false);
    String[] offered = ctx.getDefaultSSLParameters().getCipherSuites();
    assertThat(offered[0]).isEqualTo("TLS_AES_256_GCM_SHA384");

    // when it shakes hands, then it gets that suite
    assertThat(handshake(ctx, ctx.getDefaultSSLParameters())).isEqualTo("TLS_AES_256_GCM_SHA384");
  }

  @Test
  void clientOfferingKubectlsOrderGetsAes128Gcm() throws Exception {
    // given Go's client order on a CPU with AES instructions (kubectl): AES-128-GCM first
    SSLContext ctx = context(false);
    SSLParameters p = ctx.getDefaultSSLParameters();
    p.setCipherSuites(
        new String[] {
          "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384"
        });

    // when it shakes hands, then it gets AES-128-GCM, as from a real API server
    assertThat(handshake(ctx, p)).isEqualTo("TLS_AES_128_GCM_SHA256");
  }

  @Test
  void tls12ClientOfferingChachaFirstGetsChacha() throws Exception {
    // given a TLS 1.2-only client listing ChaCha20 first (Go applies the same rule to TLS 1.2)
    SSLContext ctx = context(false);
    SSLParameters p = chachaFirst(ctx);
    p.setProtocols(new String[] {"TLSv1.2"});

    // when it shakes hands, then it gets ECDHE-ECDSA (the server key is EC) with ChaCha20
    assertThat(handshake(ctx, p)).isEqualTo("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
  }

  private static String handshake(SSLContext ctx, SSLParameters p) throws Exception {
    try (SSLSocket s =
        (SSLSocket) ctx.getSocketFactory().createSocket(sb.options().host(), sb.port())) {
      s.setSSLParameters(p);
      s.startHandshake();
      return s.getSession().getCipherSuite();
    }
  }

  /** The default parameters with every ChaCha20 suite moved to the front, as knm's client. */
  private static SSLParameters chachaFirst(SSLContext ctx) {
    SSLParameters p = ctx.getDefaultSSLParameters();
    List<String> first = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (String s : p.getCipherSuites()) {
      (s.contains("CHACHA20") ? first : rest).add(s);
    }
    first.addAll(rest);
    p.setCipherSuites(first.toArray(new String[0]));
    return p;
  }

  /** Trusts only the sandbox CA; with the sandbox's client certificate when asked. */
  private static SSLContext context(boolean clientCertificate) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry(
        "ca",
        cf.generateCertificate(
            new ByteArrayInputStream(sb.caCertPem().getBytes(StandardCharsets.UTF_8))));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (clientCertificate) {
      Certs.Pems pems = Certs.get();
      PrivateKey key;
      try (PEMParser parser = new PEMParser(new StringReader(pems.clientKey()))) {
        key = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject()).getPrivate();
      }
      Certificate cert =
          cf.generateCertificate(
              new ByteArrayInputStream(pems.clientCert().getBytes(StandardCharsets.UTF_8)));
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", key, new char[0], new Certificate[] {cert});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }
}
