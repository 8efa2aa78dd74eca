package dev.knm.cluster.kubeconfig;

import dev.knm.crypto.PemBlocks;
import dev.knm.crypto.PrivateKeyPem;
import dev.knm.error.InvalidInputException;
import dev.knm.error.SecretScrubber;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What a kubeconfig's credentials must be for knm to store and send them, checked at import and
 * again when a stored kubeconfig is used, and the secrets a kubeconfig holds (for {@link
 * SecretScrubber}). Messages name the field, never its value.
 *
 * <ul>
 *   <li>A token is one line of visible ASCII (0x21-0x7E): anything else cannot go in an HTTP header
 *       (the JDK refuses it, quoting the whole header), so kubectl cannot send it either.
 *   <li>Certificates ({@code certificate-authority-data}, {@code client-certificate-data}) parse as
 *       X.509 PEM; {@code client-key-data} parses as an unencrypted PEM private key.
 *   <li>Credentials are strings, not mappings or lists.
 * </ul>
 */
public final class Credentials {
  /** The fixed reason a token is refused: never its value. */
  public static final String TOKEN_NOT_SENDABLE =
      "the token is not a single line of visible ASCII characters";

  private Credentials() {}

  /** True when {@code token} can be sent as a bearer token. */
  public static boolean sendableToken(String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks a user section's token and basic-auth fields (cheap: done on every use of a stored
   * kubeconfig).
   *
   * @param where names the user in messages, e.g. "user 'admin' in kubeconfig k.yaml"
   */
  static void requireSendable(String where, Map<String, Object> user) {
    Object token = user.get("token");
    if (token != null && !(token instanceof String s && s.isEmpty())) {
      if (!(token instanceof String s) || !sendableToken(s)) {
        throw new InvalidInputException(where + ": " + TOKEN_NOT_SENDABLE);
      }
    }
    for (String key : List.of("username", "password", "tokenFile")) {
      Object v = user.get(key);
      if (v != null && !(v instanceof String)) {
        throw new InvalidInputException(where + ": " + key + " is not a string");
      }
    }
  }

  /**
   * Checks that {@code value} (a *-data field: base64 of PEM, or PEM text) holds X.509
   * certificates.
   *
   * @param what names the field in messages, e.g. "certificate-authority-data of cluster 'c'"
   */
  static void requireCertificates(String what, Object value) {
    byte[] pem = pem(what, value);
    int found = 0;
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509");
      for (PemBlocks.Block b : PemBlocks.parse(pem)) {
        if (b.label().equals("CERTIFICATE")) {
          f.generateCertificate(new ByteArrayInputStream(b.der()));
          found++;
        }
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // the parsers' messages may quote the input: a fixed text instead
      throw new InvalidInputException(what + " is not a PEM certificate");
    }
    if (found == 0) {
      throw new InvalidInputException(what + " is not a PEM certificate");
    }
  }

  /** Checks that {@code value} (a *-data field) holds an unencrypted PEM private key. */
  static void requirePrivateKey(String what, Object value) {
    byte[] pem = pem(what, value);
    try {
      PrivateKeyPem.parse(pem);
    } catch (RuntimeException e) {
      // PrivateKeyPem's messages are fixed texts naming the key form, never key bytes
      String why = e instanceof IllegalArgumentException ? " (" + e.getMessage() + ")" : "";
      throw new InvalidInputException(what + " is not a usable PEM private key" + why);
    }
  }

  /** A *-data value as PEM bytes: base64 of PEM (the kubeconfig form), or PEM text itself. */
  private static byte[] pem(String what, Object value) {
    if (!(value instanceof String s) || s.isBlank()) {
      throw new InvalidInputException(what + " is not a string");
    }
    String t = s.strip();
    if (t.startsWith("-----BEGIN")) {
      return t.getBytes(StandardCharsets.US_ASCII);
    }
    try {
      return Base64.getMimeDecoder().decode(t);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(what + " is not base64");
    }
  }

  /**
   * Every value of a user section that is or may carry a secret: token, password (and the
   * basic-auth header value made of it), client key and certificate data, the auth-provider's
   * config values, the exec plugin's environment values. (Not the exec arguments nor the user name:
   * they are often words that also name the cluster, and masking them would garble every message
   * about it.)
   */
  public static List<String> secrets(Map<String, Object> user) {
    List<String> out = new ArrayList<>();
    for (String key : List.of("token", "password", "client-key-data", "client-certificate-data")) {
      if (user.get(key) instanceof String s) {
        out.add(s);
      }
    }
    if (user.get("password") instanceof String pw && !pw.isEmpty()) {
      // what goes on the wire: a server that echoes the header echoes this
      String name = user.get("username") instanceof String u ? u : "";
      out.add(
          Base64.getEncoder().encodeToString((name + ":" + pw).getBytes(StandardCharsets.UTF_8)));
    }
    if (user.get("auth-provider") instanceof Map<?, ?> provider
        && provider.get("config") instanceof Map<?, ?> config) {
      for (Object v : config.values()) {
        if (v instanceof String s) {
          out.add(s);
        }
      }
    }
    if (user.get("exec") instanceof Map<?, ?> exec) {
      if (exec.get("env") instanceof List<?> env) {
        for (Object e : env) {
          if (e instanceof Map<?, ?> m && m.get("value") instanceof String s) {
            out.add(s);
          }
        }
      }
    }
    return out;
  }

  /**
   * A scrubber for the secrets of a flat kubeconfig's user (every user, should it hold several);
   * the generic one when the text is not a readable kubeconfig.
   */
  public static SecretScrubber scrubber(String flatYaml) {
    List<String> secrets = new ArrayList<>();
    try {
      Object doc = SafeYaml.load("(stored)", flatYaml);
      if (doc instanceof Map<?, ?> root && root.get("users") instanceof List<?> users) {
        for (Object u : users) {
          if (u instanceof Map<?, ?> entry && entry.get("user") instanceof Map<?, ?> user) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) user;
            secrets.addAll(secrets(m));
          }
        }
      }
    } catch (RuntimeException e) {
      // unreadable: the credential shapes still apply
    }
    return SecretScrubber.of(secrets);
  }
}
