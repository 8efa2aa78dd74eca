package dev.knm.kube.transport;

import dev.knm.crypto.PemBlocks;
import dev.knm.crypto.PrivateKeyPem;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The SSLContext for one cluster, from its flat kubeconfig, as kubectl builds it: trust only the
 * certificate-authority-data (one or more certificates) when given, else the system trust store;
 * the client certificate chain and key when given; trust anything when insecure-skip-tls-verify.
 *
 * <p>Insecure is per client, not JVM-wide: the JDK HTTP client checks the host name inside the
 * trust manager when that is an {@link X509ExtendedTrustManager}, so one that accepts everything
 * skips both the chain and the host name check (fabric8's JDK client relies on the same).
 *
 * <p>Unlike fabric8 (which adds the kubeconfig's CA to the JDK's cacerts), a given CA is the only
 * trust anchor, as in kubectl; it also spares reading cacerts.
 */
final class ClientTls {
  private ClientTls() {}

  /**
   * @throws IllegalArgumentException naming the kubeconfig field that cannot be used, never its
   *     content
   */
  static SSLContext context(ClusterConnection c) {
    KeyManager[] keys = null;
    byte[] certPem = c.clientCertPem();
    if (certPem != null) {
      List<X509Certificate> chain = certificates(certPem, "client-certificate-data");
      PrivateKey key = PrivateKeyPem.parse(c.clientKeyPem());
      keys = new KeyManager[] {new OneKey(key, chain.toArray(new X509Certificate[0]))};
    }
    TrustManager[] trust = null; // null: the JDK's default trust store
    if (c.insecure()) {
      trust = new TrustManager[] {new TrustAll()};
    } else {
      byte[] caPem = c.caPem();
      if (caPem != null) {
        trust = trustOnly(certificates(caPem, "certificate-authority-data"));
      }
    }
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, trust, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available in this JVM", e);
    }
  }

  /**
   * The context's default parameters with the ChaCha20-Poly1305 suites moved to the front, the rest
   * in the JDK's order. Why: knm runs C1-only (short commands), and the JDK's fast AES-GCM is a C2
   * intrinsic, so AES-GCM costs knm about twice the CPU of ChaCha20 on large lists (measured: list
   * pods -A on 30,000 pods, 6.5 to 3.2 s CPU with ChaCha20 forced). Go servers (the API server)
   * pick ChaCha20 when the client lists it first; servers that keep their own order are unaffected.
   * Every suite offered is one the JDK enables by default.
   */
  static SSLParameters chachaFirst(SSLContext ctx) {
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

  private static List<X509Certificate> certificates(byte[] pem, String field) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509");
      for (PemBlocks.Block b : PemBlocks.parse(pem)) {
        if (b.label().equals("CERTIFICATE")) {
          out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(field + " is not a PEM certificate");
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(field + " holds no certificate");
    }
    return out;
  }

  private static TrustManager[] trustOnly(List<X509Certificate> cas) {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        ks.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a trust store", e);
    }
  }

  /**
   * One client key and chain, offered whatever CAs the server names (as Go's client does when it
   * has a single certificate); only the key type must fit the handshake.
   */
  private static final class OneKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    OneKey(PrivateKey key, X509Certificate[] chain) {
      this.key = key;
      this.chain = chain;
    }

    private String alias(String[] keyTypes) {
      if (keyTypes == null) {
        return null;
      }
      for (String t : keyTypes) {
        if (key.getAlgorithm().equals(t)) {
          return ALIAS;
        }
      }
      return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return alias(new String[] {keyType}) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return alias(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(
        String[] keyTypes, Principal[] issuers, SSLEngine engine) {
      return alias(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }

  /** insecure-skip-tls-verify: no chain and no host name check (see the class comment). */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
