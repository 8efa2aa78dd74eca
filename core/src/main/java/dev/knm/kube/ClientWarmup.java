package dev.knm.kube;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Runs the client's first-use set-up once, on a background thread, while a one-shot command is
 * still reading its store: the JDK's TLS machinery (context, cipher suites, a ClientHello with its
 * key shares), the trust store classes, the HTTPS URL handler, gzip and the JSON decoders. A cold
 * JVM spends about a tenth of a second on them before the first request can go out; on a second
 * core that work overlaps the store instead of following it. Nothing here touches the network, a
 * file or a secret, and any failure is ignored: the real set-up simply does the work itself.
 */
public final class ClientWarmup {
  private ClientWarmup() {}

  /** Runs the warm-up on the calling thread (meant to be a background one); never throws. */
  public static void run() {
    try {
      warm();
    } catch (IOException | GeneralSecurityException | RuntimeException ignored) {
      // best effort: the command's own set-up does whatever was not done here
    }
  }

  /** The warm-up itself; throws when a step fails (tests: so that a broken one shows). */
  static void warm() throws IOException, GeneralSecurityException {
    tls();
    new URL("https://knm.invalid/").openConnection(Proxy.NO_PROXY); // no connect
    json();
  }

  private static void tls() throws IOException, GeneralSecurityException {
    CertificateFactory.getInstance("X.509");
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new ClientTls.TrustAll()}, null);
    SSLEngine engine = ctx.createSSLEngine("knm.invalid", 443);
    engine.setUseClientMode(true);
    engine.setSSLParameters(ClientTls.chachaFirst(ctx));
    ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), hello); // the ClientHello: key shares are generated here
    engine.closeOutbound();
    if (hello.position() == 0) {
      throw new IllegalStateException("no ClientHello was produced");
    }
  }

  private static void json() throws IOException {
    byte[] list =
        "{\"kind\":\"NodeList\",\"metadata\":{\"continue\":\"\"},\"items\":[{\"metadata\":{\"name\":\"n\"}}]}"
            .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(list);
    }
    byte[] body = GzipBody.decode("gzip", gz.toByteArray());
    if (ListPage.decode(body, (p, page) -> NodeDocDecoder.node(p)).items().size() != 1
        || ListPage.decode(body, (p, page) -> PodSummaryDecoder.pod(p)).items().size() != 1) {
      throw new IllegalStateException("the sample list did not decode");
    }
  }
}
