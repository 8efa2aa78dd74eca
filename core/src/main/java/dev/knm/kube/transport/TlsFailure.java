package dev.knm.kube.transport;

import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns the JDK's handshake failures into what an SRE can act on. "PKIX path building failed:
 * sun.security.provider.certpath.SunCertPathBuilderException: ..." becomes "server certificate not
 * trusted by the cluster's certificate authority". The result is still an SSLException, so {@link
 * KubeIoException} reports it as "TLS: ...". Other failures pass unchanged.
 */
final class TlsFailure {
  static final String UNTRUSTED =
      "server certificate not trusted by the cluster's certificate authority"
          + " (certificate-authority-data)";
  static final String WRONG_NAME = "server certificate does not match the server's host name";

  private TlsFailure() {}

  static IOException explain(IOException e) {
    Throwable ssl = e;
    while (ssl != null && !(ssl instanceof javax.net.ssl.SSLException)) {
      ssl = ssl.getCause(); // fabric8's client may wrap it
    }
    if (ssl == null) {
      return e;
    }
    for (Throwable t = ssl; t != null; t = t.getCause()) {
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
        return handshake(UNTRUSTED, e);
      }
      String m = String.valueOf(t.getMessage());
      if (t instanceof CertificateException
          && (m.startsWith("No subject alternative") || m.startsWith("No name matching"))) {
        return handshake(WRONG_NAME, e);
      }
    }
    return e;
  }

  /** True for a failure {@link #explain} made: the server's certificate was refused. */
  static boolean certificateRefused(Throwable t) {
    return t instanceof SSLHandshakeException
        && (UNTRUSTED.equals(t.getMessage()) || WRONG_NAME.equals(t.getMessage()));
  }

  private static SSLHandshakeException handshake(String message, IOException cause) {
    SSLHandshakeException out = new SSLHandshakeException(message);
    out.initCause(cause);
    return out;
  }
}
