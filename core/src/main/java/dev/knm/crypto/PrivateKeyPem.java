package dev.knm.crypto;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * A client key from PEM, with the JDK only: PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY") and
 * SEC1 ("EC PRIVATE KEY"); the last two are wrapped into PKCS#8 (a few DER bytes) for the JDK's
 * KeyFactory. fabric8's CertUtils reads EC keys through BouncyCastle's PEMParser (bcpkix, and the
 * signed bcprov jar that costs ~0.1 s to verify); this does not. Encrypted keys are refused, as by
 * kubectl. Errors never carry key bytes.
 */
public final class PrivateKeyPem {
  // DER of the OIDs (tag 06, length, value)
  private static final byte[] RSA = oid(0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01);
  private static final byte[] RSA_PSS = oid(0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A);
  private static final byte[] EC = oid(0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01);
  private static final byte[] ED25519 = oid(0x2B, 0x65, 0x70);
  private static final byte[] ED448 = oid(0x2B, 0x65, 0x71);
  private static final byte[] DER_NULL = {0x05, 0x00};

  private static final int SEQUENCE = 0x30;
  private static final int INTEGER = 0x02;
  private static final int OCTET_STRING = 0x04;
  private static final int CONTEXT_0 = 0xA0;

  private PrivateKeyPem() {}

  /**
   * The first private key block of {@code pem}.
   *
   * @throws IllegalArgumentException if there is none, or it is encrypted or malformed; the message
   *     names the form only
   */
  public static PrivateKey parse(byte[] pem) {
    for (PemBlocks.Block b : PemBlocks.parse(pem)) {
      switch (b.label()) {
        case "PRIVATE KEY":
          return fromPkcs8(b.der());
        case "RSA PRIVATE KEY":
          return fromPkcs8(pkcs8(algorithmId(RSA, DER_NULL), b.der()));
        case "EC PRIVATE KEY":
          return fromPkcs8(pkcs8(algorithmId(EC, sec1Curve(b.der())), b.der()));
        case "ENCRYPTED PRIVATE KEY":
          throw new IllegalArgumentException("client key is encrypted");
        default:
          // EC PARAMETERS (openssl ecparam -genkey) and certificates: skip
      }
    }
    throw new IllegalArgumentException("client-key-data holds no private key");
  }

  private static PrivateKey fromPkcs8(byte[] der) {
    String algorithm = algorithm(der);
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      // the JDK's message may quote DER values: not passed on
      throw new IllegalArgumentException("client key (" + algorithm + ") cannot be read");
    }
  }

  /** The KeyFactory algorithm named by a PKCS#8 PrivateKeyInfo's AlgorithmIdentifier. */
  private static String algorithm(byte[] pkcs8) {
    Der info = new Der(pkcs8).enter(SEQUENCE);
    info.skip(INTEGER);
    Der algId = info.enter(SEQUENCE);
    byte[] oid = algId.element(0x06);
    if (Arrays.equals(oid, RSA)) {
      return "RSA";
    }
    if (Arrays.equals(oid, RSA_PSS)) {
      return "RSASSA-PSS";
    }
    if (Arrays.equals(oid, EC)) {
      return "EC";
    }
    if (Arrays.equals(oid, ED25519) || Arrays.equals(oid, ED448)) {
      return "EdDSA";
    }
    throw new IllegalArgumentException("client key algorithm is not RSA, EC or EdDSA");
  }

  /** The named-curve OID (full TLV) in a SEC1 ECPrivateKey's [0] parameters. */
  private static byte[] sec1Curve(byte[] sec1) {
    Der key = new Der(sec1).enter(SEQUENCE);
    key.skip(INTEGER);
    key.skip(OCTET_STRING);
    while (key.more()) {
      if (key.peekTag() == CONTEXT_0) {
        return key.enter(CONTEXT_0).element(0x06);
      }
      key.skip(key.peekTag());
    }
    throw new IllegalArgumentException("EC client key names no curve");
  }

  private static byte[] algorithmId(byte[] oid, byte[] parameters) {
    return Der.tlv(SEQUENCE, concat(oid, parameters));
  }

  /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING key }. */
  private static byte[] pkcs8(byte[] algorithmId, byte[] key) {
    byte[] version = {INTEGER, 0x01, 0x00};
    return Der.tlv(SEQUENCE, concat(version, algorithmId, Der.tlv(OCTET_STRING, key)));
  }

  private static byte[] oid(int... value) {
    byte[] v = new byte[value.length];
    for (int i = 0; i < value.length; i++) {
      v[i] = (byte) value[i];
    }
    return Der.tlv(0x06, v);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Just enough DER: definite lengths, single-byte tags. */
  static final class Der {
    private final byte[] buf;
    private int pos;
    private final int end;

    Der(byte[] buf) {
      this(buf, 0, buf.length);
    }

    private Der(byte[] buf, int pos, int end) {
      this.buf = buf;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    int peekTag() {
      need(1);
      return buf[pos] & 0xFF;
    }

    /** The contents of the next element, which must have {@code tag}, as a reader. */
    Der enter(int tag) {
      int[] r = header(tag);
      pos = r[1];
      return new Der(buf, r[0], r[1]);
    }

    /** The next element, which must have {@code tag}, whole (tag, length and contents). */
    byte[] element(int tag) {
      int start = pos;
      int[] r = header(tag);
      pos = r[1];
      return Arrays.copyOfRange(buf, start, r[1]);
    }

    void skip(int tag) {
      pos = header(tag)[1];
    }

    /** {contents start, contents end} of the next element. */
    private int[] header(int tag) {
      need(2);
      if ((buf[pos] & 0xFF) != tag) {
        throw new IllegalArgumentException("client key is not valid DER");
      }
      int p = pos + 1;
      int len = buf[p++] & 0xFF;
      if (len >= 0x80) {
        int n = len & 0x7F;
        if (n == 0 || n > 3 || p + n > end) {
          throw new IllegalArgumentException("client key is not valid DER");
        }
        len = 0;
        for (int i = 0; i < n; i++) {
          len = (len << 8) | (buf[p++] & 0xFF);
        }
      }
      if (p + len > end) {
        throw new IllegalArgumentException("client key is not valid DER");
      }
      return new int[] {p, p + len};
    }

    private void need(int n) {
      if (pos + n > end) {
        throw new IllegalArgumentException("client key is not valid DER");
      }
    }

    static byte[] tlv(int tag, byte[] contents) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
      out.write(tag);
      int len = contents.length;
      if (len < 0x80) {
        out.write(len);
      } else if (len < 0x100) {
        out.write(0x81);
        out.write(len);
      } else if (len < 0x10000) {
        out.write(0x82);
        out.write(len >> 8);
        out.write(len);
      } else {
        out.write(0x83);
        out.write(len >> 16);
        out.write(len >> 8);
        out.write(len);
      }
      out.writeBytes(contents);
      return out.toByteArray();
    }
  }
}
