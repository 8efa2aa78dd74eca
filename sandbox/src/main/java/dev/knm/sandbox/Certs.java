package dev.knm.sandbox;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throw-away CA, a server certificate for 127.0.0.1/localhost and a client certificate, made with
 * BouncyCastle. RSA 2048; generated once per JVM (key generation is the slow part of start).
 */
public final class Certs {
  /** PEM texts. */
  public record Pems(
      String caCert,
      String serverCert,
      String serverKey,
      String clientCert,
      String clientKey,
      X509Certificate ca) {}

  private static volatile Pems cached;

  private Certs() {}

  public static Pems get() {
    Pems p = cached;
    if (p == null) {
      synchronized (Certs.class) {
        if (cached == null) {
          cached = generate();
        }
        p = cached;
      }
    }
    return p;
  }

  static Pems generate() {
    try {
      // The client key is RSA (what kubeadm issues and every client library reads); the CA and
      // server keys are EC P-256, which are generated in a millisecond instead of a second.
      java.util.concurrent.CompletableFuture<KeyPair> clientKey =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                  rsa.initialize(2048, new SecureRandom());
                  return rsa.generateKeyPair();
                } catch (java.security.GeneralSecurityException e) {
                  throw new IllegalStateException(e);
                }
              });
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair ca = g.generateKeyPair();
      KeyPair server = g.generateKeyPair();
      KeyPair client = clientKey.join();
      Instant now = Instant.now().minus(Duration.ofHours(1));
      Date from = Date.from(now);
      Date to = Date.from(now.plus(Duration.ofDays(3650)));
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X500Name caName = new X500Name("CN=knm-sandbox-ca");

      X509v3CertificateBuilder cb =
          new JcaX509v3CertificateBuilder(caName, serial(), from, to, caName, ca.getPublic());
      cb.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      cb.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      cb.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
      X509Certificate caCert = sign(cb, ca);

      X509v3CertificateBuilder sb =
          new JcaX509v3CertificateBuilder(
              caName, serial(), from, to, new X500Name("CN=kube-apiserver"), server.getPublic());
      sb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      sb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      sb.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      sb.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.dNSName, "kubernetes.default.svc")
              }));
      sb.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
      X509Certificate serverCert = sign(sb, ca);

      X509v3CertificateBuilder clb =
          new JcaX509v3CertificateBuilder(
              caName,
              serial(),
              from,
              to,
              new X500Name("O=system:masters,CN=knm-sandbox-admin"),
              client.getPublic());
      clb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      clb.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      clb.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      clb.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
      X509Certificate clientCert = sign(clb, ca);

      return new Pems(
          pem(caCert), pem(serverCert), pkcs8(server), pem(clientCert), pkcs1(client), caCert);
    } catch (IOException
        | java.security.GeneralSecurityException
        | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException("cannot generate sandbox certificates", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer)
      throws org.bouncycastle.operator.OperatorCreationException,
          java.security.cert.CertificateException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
  }

  private static String pem(Object o) {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static String pkcs8(KeyPair kp) {
    return pem(new PemObject("PRIVATE KEY", kp.getPrivate().getEncoded()));
  }

  private static String pkcs1(KeyPair kp) throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded());
    return pem(
        new PemObject("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded()));
  }
}
