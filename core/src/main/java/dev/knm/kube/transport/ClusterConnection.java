package dev.knm.kube.transport;

import dev.knm.cluster.kubeconfig.Credentials;
import dev.knm.cluster.kubeconfig.SafeYaml;
import dev.knm.error.SecretScrubber;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a stored flat kubeconfig says about reaching its API server, read with SnakeYAML (already
 * loaded to open the store's kubeconfig; Jackson and fabric8's model are not). {@link
 * #fabric8Reasons()} lists what the lean transport does not implement; when it is not empty the
 * fabric8 client serves the cluster. Holds credentials: {@link #toString()} shows none.
 */
final class ClusterConnection {
  private final URI server;
  private final String namespace;
  private final String caData;
  private final String clientCertData;
  private final String clientKeyData;
  private final String token;
  private final String username;
  private final String password;
  private final boolean insecure;
  private final boolean compression;
  private final List<String> fabric8Reasons;
  private final SecretScrubber scrubber;

  private ClusterConnection(
      URI server,
      String namespace,
      Map<String, Object> cluster,
      Map<String, Object> user,
      List<String> fabric8Reasons) {
    this.server = server;
    this.namespace = namespace;
    this.caData = text(cluster, "certificate-authority-data");
    this.clientCertData = text(user, "client-certificate-data");
    this.clientKeyData = text(user, "client-key-data");
    this.token = text(user, "token");
    this.username = text(user, "username");
    this.password = text(user, "password");
    this.insecure = Boolean.TRUE.equals(cluster.get("insecure-skip-tls-verify"));
    this.compression = !Boolean.TRUE.equals(cluster.get("disable-compression"));
    this.fabric8Reasons = List.copyOf(fabric8Reasons);
    this.scrubber = SecretScrubber.of(Credentials.secrets(user));
  }

  /**
   * Reads the current context of a flat kubeconfig.
   *
   * @throws IllegalArgumentException if it is not one; the message quotes no content
   */
  static ClusterConnection parse(String flatYaml) {
    Object doc;
    try {
      doc = SafeYaml.load("(stored)", flatYaml);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not valid YAML");
    }
    Map<String, Object> root = map(doc, "document");
    String current = text(root, "current-context");
    Map<String, Object> context = section(root, "contexts", "context", current);
    Map<String, Object> cluster = section(root, "clusters", "cluster", text(context, "cluster"));
    Map<String, Object> user = section(root, "users", "user", text(context, "user"));
    String server = text(cluster, "server");
    URI uri;
    try {
      uri = new URI(server == null ? "" : stripSlash(server.strip()));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("server is not a URL");
    }
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      throw new IllegalArgumentException("server is not an http(s) URL");
    }
    String ns = text(context, "namespace");
    return new ClusterConnection(
        uri, ns == null || ns.isBlank() ? null : ns, cluster, user, reasons(uri, cluster, user));
  }

  /**
   * Why the lean transport cannot talk to this cluster exactly as kubectl would; empty when it can.
   * Each entry is fixed text (never a value from the kubeconfig).
   */
  private static List<String> reasons(
      URI server, Map<String, Object> cluster, Map<String, Object> user) {
    List<String> why = new ArrayList<>();
    // credentials that must be fetched and refreshed: fabric8 runs the plugin / provider
    if (user.get("exec") != null) {
      why.add("exec credential plugin");
    }
    if (user.get("auth-provider") != null) {
      why.add("auth-provider");
    }
    // the JDK client always sends the URL's host as SNI and verifies the certificate against it
    if (present(cluster, "tls-server-name")) {
      why.add("tls-server-name");
    }
    // proxies (http, socks) and their authentication are fabric8's
    if (present(cluster, "proxy-url")) {
      why.add("proxy-url");
    }
    // not flattened (the import inlines files): fabric8 reads the files
    for (String key : List.of("certificate-authority")) {
      if (present(cluster, key)) {
        why.add(key + " file");
      }
    }
    for (String key : List.of("client-certificate", "client-key", "tokenFile")) {
      if (present(user, key)) {
        why.add(key + " file");
      }
    }
    // impersonation is not implemented on the lean path
    for (String key : List.of("as", "as-uid", "as-groups", "as-user-extra")) {
      if (user.get(key) != null) {
        why.add("impersonation (" + key + ")");
      }
    }
    // kubectl refuses both; fabric8 picks one: keep today's behaviour rather than guess
    if (present(user, "token") && (present(user, "username") || present(user, "password"))) {
      why.add("both token and basic auth");
    }
    // half a client certificate: today's behaviour (fabric8) rather than a silent anonymous call
    if (present(user, "client-certificate-data") != present(user, "client-key-data")) {
      why.add("client certificate without its key, or key without certificate");
    }
    if (server.getRawUserInfo() != null
        || server.getRawQuery() != null
        || server.getRawFragment() != null) {
      why.add("server URL with user info, query or fragment");
    }
    return why;
  }

  URI server() {
    return server;
  }

  boolean https() {
    return server.getScheme().equalsIgnoreCase("https");
  }

  /** The context's namespace, or null when it names none. */
  String namespace() {
    return namespace;
  }

  /** PEM bytes of the certificate-authority-data, or null (then the system trust store is used). */
  byte[] caPem() {
    return pem(caData);
  }

  byte[] clientCertPem() {
    return pem(clientCertData);
  }

  byte[] clientKeyPem() {
    return pem(clientKeyData);
  }

  String token() {
    return token;
  }

  String username() {
    return username;
  }

  String password() {
    return password;
  }

  boolean insecure() {
    return insecure;
  }

  /** Whether to ask for gzip bodies (the cluster's disable-compression is not set). */
  boolean compression() {
    return compression;
  }

  /** Takes this kubeconfig's secrets (and any credential shape) out of error texts. */
  SecretScrubber scrubber() {
    return scrubber;
  }

  /** Why fabric8 must serve this cluster; empty when the lean transport can. */
  List<String> fabric8Reasons() {
    return fabric8Reasons;
  }

  @Override
  public String toString() {
    // never the credentials
    return "ClusterConnection[server="
        + server.getScheme()
        + "://"
        + server.getHost()
        + (server.getPort() < 0 ? "" : ":" + server.getPort())
        + ", fabric8Reasons="
        + fabric8Reasons
        + "]";
  }

  /** *-data is base64 PEM; like fabric8 and client-go's loader, accept raw PEM text too. */
  private static byte[] pem(String data) {
    if (data == null) {
      return null;
    }
    String s = data.strip();
    if (s.startsWith("-----BEGIN")) {
      return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    try {
      return java.util.Base64.getMimeDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a *-data field is not base64");
    }
  }

  private static String stripSlash(String s) {
    String out = s;
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  private static boolean present(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v != null && !(v instanceof String s && s.isEmpty());
  }

  private static String text(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Map || v instanceof List) {
      throw new IllegalArgumentException(key + " is not a scalar");
    }
    String s = String.valueOf(v);
    return s.isEmpty() ? null : s;
  }

  /** The inner {@code key} mapping of the entry of {@code listKey} called {@code name}. */
  private static Map<String, Object> section(
      Map<String, Object> root, String listKey, String key, String name) {
    if (name == null) {
      throw new IllegalArgumentException("no " + key + " named");
    }
    if (!(root.get(listKey) instanceof List<?> list)) {
      throw new IllegalArgumentException(listKey + " is not a list");
    }
    for (Object item : list) {
      Map<String, Object> entry = map(item, listKey + " entry");
      if (name.equals(text(entry, "name"))) {
        Object inner = entry.get(key);
        return inner == null ? Map.of() : map(inner, key);
      }
    }
    throw new IllegalArgumentException(key + " not found");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String what) {
    if (!(o instanceof Map)) {
      throw new IllegalArgumentException(what + " is not a mapping");
    }
    return (Map<String, Object>) o;
  }
}
