package dev.knm.cluster.kubeconfig;

import dev.knm.error.InvalidInputException;
import dev.knm.error.NotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * TEMPORARY minimal implementation written on branch h-store so that ClusterService compiles and
 * can be tested; the real one is being written on branch h-kubeconfig with the same API. On merge,
 * TAKE THE h-kubeconfig VERSION of this file and drop this one.
 */
public final class Kubeconfig {
  private final Map<String, Object> root;
  private final Path baseDir;

  private Kubeconfig(Map<String, Object> root, Path baseDir) {
    this.root = root;
    this.baseDir = baseDir;
  }

  public static Kubeconfig parse(KubeconfigSource source) {
    Object doc;
    try {
      doc =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(new String(source.bytes(), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new InvalidInputException(source.origin() + " is not a valid kubeconfig (bad YAML)");
    }
    if (!(doc instanceof Map<?, ?> m) || !(m.get("contexts") instanceof List<?>)) {
      throw new InvalidInputException(source.origin() + " is not a kubeconfig (no contexts)");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) m;
    return new Kubeconfig(root, source.baseDir());
  }

  public List<String> contextNames() {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> c : list("contexts")) {
      names.add(String.valueOf(c.get("name")));
    }
    return names;
  }

  public String currentContext() {
    Object c = root.get("current-context");
    return c == null || c.toString().isEmpty() ? null : c.toString();
  }

  public FlatKubeconfig flatten(String contextName) {
    String name = contextName == null ? currentContext() : contextName;
    Map<String, Object> ctx = named("contexts", name);
    if (ctx == null) {
      throw new NotFoundException("context '" + name + "' not found in the kubeconfig");
    }
    Map<String, Object> ctxBody = body(ctx, "context");
    String clusterName = String.valueOf(ctxBody.get("cluster"));
    String userName = ctxBody.get("user") == null ? null : ctxBody.get("user").toString();
    Map<String, Object> cluster = new LinkedHashMap<>(named("clusters", clusterName));
    Map<String, Object> clusterBody = new LinkedHashMap<>(body(cluster, "cluster"));
    inline(clusterBody, "certificate-authority");
    cluster.put("cluster", clusterBody);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("apiVersion", "v1");
    out.put("kind", "Config");
    out.put("clusters", List.of(cluster));
    List<Object> users = new ArrayList<>();
    if (userName != null && named("users", userName) != null) {
      Map<String, Object> user = new LinkedHashMap<>(named("users", userName));
      Map<String, Object> userBody = new LinkedHashMap<>(body(user, "user"));
      inline(userBody, "client-certificate");
      inline(userBody, "client-key");
      user.put("user", userBody);
      users.add(user);
    }
    out.put("users", users);
    out.put("contexts", List.of(ctx));
    out.put("current-context", name);
    String yaml = new Yaml().dump(out);
    return read(yaml);
  }

  public static FlatKubeconfig read(String flatYaml) {
    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(flatYaml);
    @SuppressWarnings("unchecked")
    Kubeconfig k = new Kubeconfig((Map<String, Object>) doc, null);
    String ctxName = k.currentContext();
    Map<String, Object> ctxBody = body(k.named("contexts", ctxName), "context");
    Object server =
        body(k.named("clusters", String.valueOf(ctxBody.get("cluster"))), "cluster").get("server");
    String userName = ctxBody.get("user") == null ? null : ctxBody.get("user").toString();
    Set<AuthKind> auth = EnumSet.noneOf(AuthKind.class);
    Map<String, Object> user = userName == null ? null : k.named("users", userName);
    if (user != null) {
      Map<String, Object> u = body(user, "user");
      if (u.containsKey("token") || u.containsKey("tokenFile")) {
        auth.add(AuthKind.TOKEN);
      }
      if (u.containsKey("client-certificate-data")) {
        auth.add(AuthKind.CLIENT_CERTIFICATE);
      }
      if (u.containsKey("username")) {
        auth.add(AuthKind.BASIC);
      }
      if (u.containsKey("exec")) {
        auth.add(AuthKind.EXEC);
      }
      if (u.containsKey("auth-provider")) {
        auth.add(AuthKind.AUTH_PROVIDER);
      }
    }
    if (auth.isEmpty()) {
      auth.add(AuthKind.NONE);
    }
    return new FlatKubeconfig(
        ctxName, server == null ? null : server.toString(), userName, auth, flatYaml);
  }

  private void inline(Map<String, Object> body, String key) {
    Object ref = body.remove(key);
    if (ref == null) {
      return;
    }
    Path p = Path.of(ref.toString());
    if (!p.isAbsolute() && baseDir != null) {
      p = baseDir.resolve(p);
    }
    try {
      body.put(key + "-data", Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + key + " file " + p);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(Map<String, Object> entry, String key) {
    Object b = entry == null ? null : entry.get(key);
    return b instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private Map<String, Object> named(String section, String name) {
    for (Map<String, Object> e : list(section)) {
      if (String.valueOf(e.get("name")).equals(name)) {
        return e;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> list(String section) {
    Object l = root.get(section);
    List<Map<String, Object>> out = new ArrayList<>();
    if (l instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m) {
          out.add((Map<String, Object>) m);
        }
      }
    }
    return out;
  }
}
