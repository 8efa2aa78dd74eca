package dev.knm.kube;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK HTTPS server on 127.0.0.1 whose /version answers the client certificate's subject as
 * gitVersion ("anonymous" without one); when {@code needClientAuth}, it demands a certificate
 * issued by the given CA. Stop it with {@code stop(0)}.
 */
public final class TestHttpsServer {
  private TestHttpsServer() {}

  public static HttpsServer start(TestPki pki, TestPki.Issued cert, boolean needClientAuth)
      throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "server",
        cert.keys().getPrivate(),
        "pw".toCharArray(),
        new X509Certificate[] {cert.cert()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "pw".toCharArray());
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", pki.ca.cert());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(ctx) {
          @Override
          public void configure(HttpsParameters p) {
            SSLParameters sp = ctx.getDefaultSSLParameters();
            sp.setNeedClientAuth(needClientAuth);
            p.setSSLParameters(sp);
          }
        });
    server.createContext(
        "/version",
        ex -> {
          String who;
          try {
            who = ((HttpsExchange) ex).getSSLSession().getPeerPrincipal().getName();
          } catch (SSLPeerUnverifiedException e) {
            who = "anonymous";
          }
          byte[] body = ("{\"gitVersion\":\"" + who + "\"}").getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    server.start();
    return server;
  }
}
