package dev.knm.cluster.kubeconfig;

import dev.knm.error.InvalidInputException;
import dev.knm.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed, validated kubeconfig. {@link #parse} checks the shape (a v1 Config with named cluster,
 * context and user entries); {@link #flatten} checks the chosen context's references, its cluster's
 * server, and inlines referenced files into a self-contained single-context kubeconfig.
 *
 * <p>Nothing here ever puts kubeconfig content into a message: names and paths only.
 */
public final class Kubeconfig {

  /** The largest certificate, key or token file inlined. */
  static final int MAX_REFERENCED_FILE_BYTES = 1024 * 1024;

  private static final int DNS_LABEL_MAX = 63;

  /** The longest context name and server URL kept (the store's columns). */
  static final int MAX_CONTEXT_NAME = 1024;

  static final int MAX_SERVER_URL = 4096;

  private final String origin;
  private final Path baseDir;
  private final Map<String, Object> root;
  private final Map<String, Map<String, Object>> clusters;
  private final Map<String, Map<String, Object>> contexts;
  private final Map<String, Map<String, Object>> users;
  private final String currentContext;

  private Kubeconfig(
      String origin,
      Path baseDir,
      Map<String, Object> root,
      Map<String, Map<String, Object>> clusters,
      Map<String, Map<String, Object>> contexts,
      Map<String, Map<String, Object>> users,
      String currentContext) {
    this.origin = origin;
    this.baseDir = baseDir;
    this.root = root;
    this.clusters = clusters;
    this.contexts = contexts;
    this.users = users;
    this.currentContext = currentContext;
  }

  /**
   * Parses and validates a kubeconfig (YAML, or the whole YAML base64-encoded).
   *
   * @throws InvalidInputException for empty, binary, oversized, malformed or non-kubeconfig input
   */
  public static Kubeconfig parse(KubeconfigSource source) {
    Objects.requireNonNull(source, "source");
    String origin = source.origin();
    if (source.bytes().length > KubeconfigSources.MAX_BYTES) {
      throw new InvalidInputException("kubeconfig " + origin + " is larger than 4 MiB");
    }
    String text = KubeconfigText.decode(origin, source.bytes());
    Object document = SafeYaml.load(origin, text);
    if (document == null) {
      throw new InvalidInputException("kubeconfig " + origin + " is empty (comments only)");
    }
    if (!(document instanceof Map)) {
      throw notKubeconfig(
          origin, "the document is " + (document instanceof List ? "a list" : "a single value"));
    }
    Map<String, Object> root = stringKeys(origin, "the document", document);
    Object kind = root.get("kind");
    if (kind != null && !"Config".equals(kind)) {
      String shown = kind instanceof String s && s.matches("[A-Za-z][A-Za-z0-9]{0,62}") ? s : null;
      throw notKubeconfig(
          origin,
          shown == null ? "kind is not Config" : "kind is '" + shown + "', expected 'Config'");
    }
    if (!root.containsKey("clusters")
        && !root.containsKey("contexts")
        && !root.containsKey("users")) {
      throw notKubeconfig(origin, "no clusters, contexts or users");
    }
    Map<String, Map<String, Object>> clusters = entries(origin, root, "clusters", "cluster", true);
    Map<String, Map<String, Object>> contexts = entries(origin, root, "contexts", "context", true);
    Map<String, Map<String, Object>> users = entries(origin, root, "users", "user", false);
    Object current = root.get("current-context");
    if (current != null && !(current instanceof String)) {
      throw notKubeconfig(origin, "current-context is not a string");
    }
    if (contexts.isEmpty()) {
      throw new InvalidInputException("kubeconfig " + origin + " has no contexts");
    }
    String currentContext =
        current == null || ((String) current).isEmpty() ? null : (String) current;
    return new Kubeconfig(
        origin, source.baseDir(), root, clusters, contexts, users, currentContext);
  }

  /**
   * Re-reads a flattened kubeconfig (the stored form, as made by {@link #flatten}).
   *
   * @throws InvalidInputException if it is not a valid single-context kubeconfig
   */
  public static FlatKubeconfig read(String flatYaml) {
    return read("(stored)", flatYaml);
  }

  /**
   * As {@link #read(String)}, with the same checks of names and credentials as {@link #flatten}
   * (the cheap ones: a token that cannot be sent is refused here, before any request; certificates
   * and keys are parsed where they are used), so that a row stored by an older knm, or altered,
   * fails with the message an import would give.
   *
   * @param origin names the kubeconfig in messages, e.g. "stored for cluster 'prod'"
   */
  public static FlatKubeconfig read(String origin, String flatYaml) {
    Objects.requireNonNull(flatYaml, "flatYaml");
    Kubeconfig config =
        parse(new KubeconfigSource(origin, flatYaml.getBytes(StandardCharsets.UTF_8), null));
    if (config.contexts.size() != 1) {
      throw new InvalidInputException(
          "stored kubeconfig is not flattened: it has " + config.contexts.size() + " contexts");
    }
    String name = config.contexts.keySet().iterator().next();
    Resolved resolved = config.resolve(name);
    Credentials.requireSendable(
        "user '" + printable(resolved.userName) + "' in kubeconfig " + origin, resolved.user);
    return new FlatKubeconfig(
        name, resolved.server, resolved.userName, authKinds(resolved.user), flatYaml);
  }

  /** Context names, in file order. */
  public List<String> contextNames() {
    return List.copyOf(contexts.keySet());
  }

  /** The current-context, or null if absent or empty. */
  public String currentContext() {
    return currentContext;
  }

  /** Where this kubeconfig came from, as named in messages. */
  public String origin() {
    return origin;
  }

  /**
   * One context as a self-contained kubeconfig: only its cluster, user and context entries,
   * current-context set, referenced files inlined as *-data (tokenFile as token).
   *
   * @param contextName the context; null for the current-context
   * @throws InvalidInputException if no context is given and none is current, if the context's
   *     references or server are invalid, or if a referenced file is missing or unreadable
   * @throws NotFoundException if the context does not exist
   */
  public FlatKubeconfig flatten(String contextName) {
    String name = contextName;
    if (name == null) {
      if (currentContext == null) {
        throw new InvalidInputException(
            "kubeconfig "
                + origin
                + " has no current-context; pass --context (available: "
                + available()
                + ")");
      }
      name = currentContext;
      if (!contexts.containsKey(name)) {
        throw new NotFoundException(
            "current-context '"
                + printable(name)
                + "' not found in kubeconfig "
                + origin
                + " (available: "
                + available()
                + ")");
      }
    }
    Resolved resolved = resolve(name);

    Map<String, Object> cluster = new LinkedHashMap<>(resolved.cluster);
    inline(cluster, "certificate-authority", "certificate-authority-data", "cluster", resolved);
    Map<String, Object> user = new LinkedHashMap<>(resolved.user);
    inline(user, "client-certificate", "client-certificate-data", "user", resolved);
    inline(user, "client-key", "client-key-data", "user", resolved);
    inline(user, "tokenFile", "token", "user", resolved);
    Credentials.requireSendable(
        "user '" + printable(resolved.userName) + "' in kubeconfig " + origin, user);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("apiVersion", "v1");
    out.put("kind", "Config");
    out.put("clusters", List.of(entry(resolved.clusterName, "cluster", cluster)));
    out.put("contexts", List.of(entry(name, "context", resolved.context)));
    out.put("current-context", name);
    if (root.get("preferences") != null) {
      out.put("preferences", root.get("preferences"));
    }
    out.put("users", List.of(entry(resolved.userName, "user", user)));
    if (root.get("extensions") != null) {
      out.put("extensions", root.get("extensions"));
    }
    return new FlatKubeconfig(
        name, resolved.server, resolved.userName, authKinds(user), SafeYaml.dump(out));
  }

  /**
   * A DNS-1123-label-safe form of a context name, to suffix cluster names under --all-contexts:
   * lowercase, every run of other characters turned into one '-', no leading or trailing '-', at
   * most 63 characters. A longer name is cut and ends in 8 hex digits of its SHA-256 so that long
   * names sharing a prefix stay distinct; a name with nothing usable becomes "ctx-" + those digits.
   */
  public static String dnsLabel(String contextName) {
    Objects.requireNonNull(contextName, "contextName");
    StringBuilder out = new StringBuilder(contextName.length());
    for (char c : contextName.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (ok) {
        out.append(c);
      } else if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
        out.append('-');
      }
    }
    String label = trimDashes(out.toString());
    if (label.isEmpty()) {
      return "ctx-" + shortHash(contextName);
    }
    if (label.length() > DNS_LABEL_MAX) {
      String hash = shortHash(contextName);
      label = trimDashes(label.substring(0, DNS_LABEL_MAX - hash.length() - 1)) + "-" + hash;
    }
    return label;
  }

  // --- validation -------------------------------------------------------------------------

  private record Resolved(
      String clusterName,
      Map<String, Object> cluster,
      String userName,
      Map<String, Object> user,
      Map<String, Object> context,
      String server) {}

  private Resolved resolve(String name) {
    Map<String, Object> context = contexts.get(name);
    if (context == null) {
      throw new NotFoundException(
          "context '"
              + printable(name)
              + "' not found in kubeconfig "
              + origin
              + " (available: "
              + available()
              + ")");
    }
    String where = "context '" + printable(name) + "' in kubeconfig " + origin;
    requireName("context", name, where);
    if (name.length() > MAX_CONTEXT_NAME) {
      throw new InvalidInputException(
          where + ": the name is longer than " + MAX_CONTEXT_NAME + " characters");
    }
    String clusterName = reference(context, "cluster", where);
    String userName = reference(context, "user", where);
    requireName("cluster", clusterName, where);
    requireName("user", userName, where);
    Map<String, Object> cluster = clusters.get(clusterName);
    if (cluster == null) {
      throw new InvalidInputException(
          where + " refers to cluster '" + printable(clusterName) + "', which is not defined");
    }
    Map<String, Object> user = users.get(userName);
    if (user == null) {
      throw new InvalidInputException(
          where + " refers to user '" + printable(userName) + "', which is not defined");
    }
    String server =
        server(cluster, "cluster '" + printable(clusterName) + "' in kubeconfig " + origin);
    return new Resolved(clusterName, cluster, userName, user, context, server);
  }

  /**
   * Names with control characters are refused: they are shown in messages and by describe, and YAML
   * would store them as binary, which no later read accepts as a name.
   */
  private static void requireName(String kind, String name, String where) {
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new InvalidInputException(
            where + ": the " + kind + " name '" + printable(name) + "' has control characters");
      }
    }
  }

  private static String reference(Map<String, Object> context, String key, String where) {
    Object value = context.get(key);
    if (value == null || (value instanceof String s && s.isEmpty())) {
      throw new InvalidInputException(where + " has no " + key);
    }
    if (!(value instanceof String s)) {
      throw new InvalidInputException(where + ": " + key + " is not a string");
    }
    return s;
  }

  private static String server(Map<String, Object> cluster, String where) {
    Object value = cluster.get("server");
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw new InvalidInputException(where + " has no server");
    }
    // the value itself is never shown: a URL may carry user:password
    if (value instanceof String s) {
      if (s.length() > MAX_SERVER_URL) {
        throw new InvalidInputException(
            where + " has a server URL longer than " + MAX_SERVER_URL + " characters");
      }
      try {
        URI uri = new URI(s.strip());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
          return s.strip();
        }
      } catch (URISyntaxException e) {
        // reported below
      }
    }
    throw new InvalidInputException(where + " has a server that is not an http(s) URL");
  }

  /** name -> inner section of a list of {name, <key>: {...}} entries. */
  private static Map<String, Map<String, Object>> entries(
      String origin, Map<String, Object> root, String listKey, String key, boolean required) {
    Object list = root.get(listKey);
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    if (list == null) {
      return out;
    }
    if (!(list instanceof List<?> items)) {
      throw notKubeconfig(origin, "'" + listKey + "' is not a list");
    }
    int index = 0;
    for (Object item : items) {
      String where = listKey + "[" + index + "]";
      if (!(item instanceof Map)) {
        throw notKubeconfig(origin, where + " is not a mapping");
      }
      Map<String, Object> entry = stringKeys(origin, where, item);
      Object name = entry.get("name");
      if (!(name instanceof String s) || s.isEmpty()) {
        throw notKubeconfig(
            origin, where + (name == null ? " has no name" : " has a name that is not a string"));
      }
      Object section = entry.get(key);
      if (section == null && required) {
        throw notKubeconfig(origin, key + " '" + printable(s) + "' has no '" + key + "' section");
      }
      if (section != null && !(section instanceof Map)) {
        throw notKubeconfig(
            origin, key + " '" + printable(s) + "': '" + key + "' is not a mapping");
      }
      Map<String, Object> inner =
          section == null ? Map.of() : stringKeys(origin, key + " '" + printable(s) + "'", section);
      if (out.putIfAbsent(s, inner) != null) {
        throw notKubeconfig(origin, key + " '" + printable(s) + "' is defined twice");
      }
      index++;
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stringKeys(String origin, String where, Object map) {
    for (Object k : ((Map<Object, Object>) map).keySet()) {
      if (!(k instanceof String)) {
        throw notKubeconfig(origin, where + " has a key that is not a string");
      }
    }
    return (Map<String, Object>) map;
  }

  private static InvalidInputException notKubeconfig(String origin, String what) {
    return new InvalidInputException("kubeconfig " + origin + " is not a kubeconfig: " + what);
  }

  private String available() {
    List<String> names = new ArrayList<>();
    for (String n : contexts.keySet()) {
      names.add(printable(n));
    }
    return String.join(", ", names);
  }

  /** Names in messages: control characters (terminal escapes) replaced by '?'. */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }

  // --- flattening -------------------------------------------------------------------------

  private static Map<String, Object> entry(String name, String key, Map<String, Object> section) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    entry.put(key, section);
    return entry;
  }

  /**
   * Replaces a file reference by its content, then checks the data (inlined or given) is what its
   * key says: certificates, a private key, a token that can be sent. An existing *-data (or token)
   * wins, as in kubectl: the reference is then only dropped.
   */
  private void inline(
      Map<String, Object> section, String fileKey, String dataKey, String kind, Resolved r) {
    String ownerName = kind.equals("cluster") ? r.clusterName : r.userName;
    String owner = kind + " '" + printable(ownerName) + "'";
    boolean token = fileKey.equals("tokenFile");
    String label = (token ? "token" : fileKey) + " file";
    Object ref = section.get(fileKey);
    Object existing = section.get(dataKey);
    String what = null; // how the data is named in messages
    if (ref != null) {
      if (!(ref instanceof String refPath) || refPath.isBlank()) {
        if (!(ref instanceof String)) {
          throw new InvalidInputException(label + " referenced by " + owner + " is not a path");
        }
        section.remove(fileKey);
      } else if (existing instanceof String s && !s.isEmpty()) {
        section.remove(fileKey);
      } else {
        Path path = resolvePath(refPath);
        what = label + " " + path + " referenced by " + owner;
        byte[] bytes = readReferenced(path, what);
        section.remove(fileKey);
        if (token) {
          // client-go trims the token file's surrounding white space (strings.TrimSpace)
          String text = new String(bytes, StandardCharsets.UTF_8).strip();
          if (text.isEmpty()) {
            throw new InvalidInputException(what + " is empty");
          }
          if (!Credentials.sendableToken(text)) {
            throw new InvalidInputException(what + ": " + Credentials.TOKEN_NOT_SENDABLE);
          }
          section.put(dataKey, text);
        } else {
          section.put(dataKey, Base64.getEncoder().encodeToString(bytes));
        }
      }
    }
    Object data = section.get(dataKey);
    if (token || data == null || (data instanceof String s && s.isEmpty())) {
      return; // tokens are checked with the rest of the user section
    }
    if (what == null) {
      what = dataKey + " of " + owner + " in kubeconfig " + origin;
    }
    if (dataKey.equals("client-key-data")) {
      Credentials.requirePrivateKey(what, data);
    } else {
      Credentials.requireCertificates(what, data);
    }
  }

  private Path resolvePath(String ref) {
    Path path = Paths.get(ref);
    if (!path.isAbsolute()) {
      Path base = baseDir != null ? baseDir : Paths.get("").toAbsolutePath();
      path = base.resolve(path);
    }
    return path.normalize();
  }

  /**
   * Reads a referenced file: a regular file only (a FIFO or a device would block the import, or
   * never end; checked before opening, as opening a FIFO already blocks), at most {@link
   * #MAX_REFERENCED_FILE_BYTES}. Symbolic links are followed, as kubectl does.
   */
  private static byte[] readReferenced(Path path, String what) {
    if (Files.isDirectory(path)) {
      throw new InvalidInputException(what + " is a directory");
    }
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      throw new InvalidInputException(what + " is not a regular file");
    }
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes(MAX_REFERENCED_FILE_BYTES + 1);
      if (bytes.length > MAX_REFERENCED_FILE_BYTES) {
        throw new InvalidInputException(what + " is larger than 1 MiB");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(what + " does not exist");
    } catch (AccessDeniedException e) {
      throw new InvalidInputException(what + " cannot be read (permission denied)");
    } catch (IOException e) {
      throw new InvalidInputException(what + " cannot be read: " + KubeconfigSources.reason(e));
    }
  }

  private static Set<AuthKind> authKinds(Map<String, Object> user) {
    Set<AuthKind> kinds = EnumSet.noneOf(AuthKind.class);
    if (present(user.get("token")) || present(user.get("tokenFile"))) {
      kinds.add(AuthKind.TOKEN);
    }
    if (present(user.get("client-certificate-data")) || present(user.get("client-certificate"))) {
      kinds.add(AuthKind.CLIENT_CERTIFICATE);
    }
    if (present(user.get("username")) || present(user.get("password"))) {
      kinds.add(AuthKind.BASIC);
    }
    if (user.get("exec") != null) {
      kinds.add(AuthKind.EXEC);
    }
    if (user.get("auth-provider") != null) {
      kinds.add(AuthKind.AUTH_PROVIDER);
    }
    if (kinds.isEmpty()) {
      kinds.add(AuthKind.NONE);
    }
    return kinds;
  }

  private static boolean present(Object value) {
    return value != null && !(value instanceof String s && s.isEmpty());
  }

  private static String trimDashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '-') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(start, end);
  }

  private static String shortHash(String s) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
