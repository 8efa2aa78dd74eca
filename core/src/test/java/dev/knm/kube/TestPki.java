package dev.knm.kube;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throw-away CA issuing server and client certificates, made with BouncyCastle so that the key
 * PEM forms under test come from an independent encoder, in the forms openssl writes.
 */
public final class TestPki {
  public record Issued(KeyPair keys, X509Certificate cert) {
    public String certPem() {
      return pem(cert);
    }

    /** openssl's traditional form: PKCS#1 for RSA, SEC1 with the curve and public key for EC. */
    public String traditionalKeyPem() {
      if (!(keys.getPrivate() instanceof ECPrivateKey ec)) {
        return pem(keys); // JcaPEMWriter: "RSA PRIVATE KEY"
      }
      try {
        // as openssl writes it (JcaPEMWriter would copy the JDK's inner encoding, without curve)
        byte[] point =
            SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())
                .getPublicKeyData()
                .getBytes();
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
            new org.bouncycastle.asn1.sec.ECPrivateKey(
                256, ec.getS(), new DERBitString(point), SECObjectIdentifiers.secp256r1);
        return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public String pkcs8KeyPem() {
      return pem(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded()));
    }
  }

  public final Issued ca;

  public TestPki(String name) {
    KeyPair k = ec();
    X500Name n = new X500Name("CN=" + name);
    ca = new Issued(k, sign(n, n, k, k, true, null));
  }

  /** A server certificate for these DNS names / IP addresses. */
  public Issued server(String... names) {
    KeyPair k = ec();
    GeneralName[] san = new GeneralName[names.length];
    for (int i = 0; i < names.length; i++) {
      boolean ip = names[i].matches("[0-9.]+");
      san[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
    }
    return new Issued(k, sign(subject(), new X500Name("CN=server"), ca.keys(), k, false, san));
  }

  /** A client certificate with an RSA ("RSA") or EC ("EC") key. */
  public Issued client(String commonName, String algorithm) {
    KeyPair k = algorithm.equals("RSA") ? rsa() : ec();
    return new Issued(
        k, sign(subject(), new X500Name("CN=" + commonName), ca.keys(), k, false, null));
  }

  private X500Name subject() {
    return new X500Name(ca.cert().getSubjectX500Principal().getName());
  }

  public static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static X509Certificate sign(
      X500Name issuer,
      X500Name subject,
      KeyPair issuerKeys,
      KeyPair subjectKeys,
      boolean isCa,
      GeneralName[] san) {
    try {
      Instant now = Instant.now().minus(Duration.ofHours(1));
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
              Date.from(now),
              Date.from(now.plus(Duration.ofDays(2))),
              subject,
              subjectKeys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (san != null) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(Object o) {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
