package dev.knm.fleet;

import dev.knm.crypto.PrivateKeyPem;
import dev.knm.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS for serve mode (--tls-cert/--tls-key) and for reaching HTTPS instances (a CA file). */
public final class ServerTls {
  private ServerTls() {}

  /**
   * A server context from a PEM certificate chain and a PEM private key (PKCS#8, PKCS#1 or SEC1).
   *
   * @throws InvalidInputException naming the file, never its content
   */
  public static SSLContext server(Path certFile, Path keyFile) {
    List<X509Certificate> chain = certificates(certFile, "--tls-cert");
    PrivateKey key;
    try {
      key = PrivateKeyPem.parse(Files.readAllBytes(keyFile));
    } catch (IOException e) {
      throw new InvalidInputException("cannot read --tls-key " + keyFile + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "cannot read --tls-key "
              + keyFile
              + ": "
              + (e.getMessage().contains("encrypted")
                  ? "the key is encrypted"
                  : "no PEM private key (PKCS#8, PKCS#1 or SEC1) in it"));
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] none = new char[0];
      ks.setKeyEntry("serve", key, none, chain.toArray(Certificate[]::new));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, none);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidInputException(
          "cannot use --tls-cert "
              + certFile
              + " with --tls-key "
              + keyFile
              + ": "
              + e.getMessage());
    }
  }

  /** A client context trusting only the certificates in {@code caFile}. */
  public static SSLContext trusting(Path caFile, String what) {
    List<X509Certificate> cas = certificates(caFile, what);
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        ks.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidInputException("cannot use " + what + " " + caFile + ": " + e.getMessage());
    }
  }

  private static List<X509Certificate> certificates(Path file, String what) {
    byte[] pem;
    try {
      pem = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + what + " " + file + ": " + e.getMessage());
    }
    List<X509Certificate> out = new ArrayList<>();
    try {
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))) {
        out.add((X509Certificate) c);
      }
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(
          "cannot read " + what + " " + file + ": not a PEM certificate");
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(
          "cannot read " + what + " " + file + ": no certificate in it");
    }
    return out;
  }
}
