package dev.knm.kube.transport;

import dev.knm.error.CredentialsRejectedException;
import java.util.Map;

/**
 * Words a 401 or 403 answer: "the server refused the credentials of cluster X", and for 403 the
 * verb and resource that were refused, as kubectl's RBAC errors name them (list nodes, get
 * nodes/NAME, list pods in namespace NS). Built from the request only: the server's own message
 * (which names the user) and the credentials are never quoted.
 */
final class RejectedCredentials {
  private RejectedCredentials() {}

  static CredentialsRejectedException of(
      String cluster, KubeApiException k, Map<String, String> query) {
    String head = "the server refused the credentials of cluster " + cluster;
    if (k.code() == 401) {
      return new CredentialsRejectedException(
          cluster,
          401,
          head
              + " ("
              + k.statusLine()
              + "): they are wrong, expired or revoked; import the cluster again with valid ones");
    }
    return new CredentialsRejectedException(
        cluster,
        403,
        head
            + " ("
            + k.statusLine()
            + "): they may not "
            + verbAndResource(k.method(), k.path(), query));
  }

  /**
   * "list nodes", "get nodes/n1", "list pods in namespace a", "list pods in all namespaces", "watch
   * nodes", "get /version" (a path that is not a resource).
   */
  static String verbAndResource(String method, String path, Map<String, String> query) {
    String[] p = path.startsWith("/") ? path.substring(1).split("/") : path.split("/");
    int i;
    if (p.length >= 2 && p[0].equals("api")) {
      i = 2; // api/v1/...
    } else if (p.length >= 3 && p[0].equals("apis")) {
      i = 3; // apis/group/version/...
    } else {
      return method.toLowerCase(java.util.Locale.ROOT) + " " + path;
    }
    String namespace = null;
    if (p.length > i + 1 && p[i].equals("namespaces") && p.length > i + 2) {
      namespace = p[i + 1];
      i += 2;
    }
    if (p.length <= i) {
      return method.toLowerCase(java.util.Locale.ROOT) + " " + path;
    }
    String resource = p[i];
    String name = p.length > i + 1 ? p[i + 1] : null;
    String sub = p.length > i + 2 ? "/" + p[i + 2] : "";
    boolean watch = query != null && "true".equals(query.get("watch"));
    String verb;
    if (!method.equals("GET")) {
      verb = method.toLowerCase(java.util.Locale.ROOT);
    } else if (watch) {
      verb = "watch";
    } else {
      verb = name == null ? "list" : "get";
    }
    String what = name == null ? resource : resource + sub + "/" + name;
    if (namespace != null) {
      return verb + " " + what + " in namespace " + namespace;
    }
    if (name == null && isNamespaced(resource)) {
      return verb + " " + what + " in all namespaces";
    }
    return verb + " " + what;
  }

  /** The namespaced kinds knm reads across namespaces. */
  private static boolean isNamespaced(String resource) {
    return switch (resource) {
      case "pods", "poddisruptionbudgets", "daemonsets", "replicasets", "events", "leases" -> true;
      default -> false;
    };
  }
}
