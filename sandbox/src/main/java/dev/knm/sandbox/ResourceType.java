package dev.knm.sandbox;

import java.util.List;

/** A resource kind the sandbox serves. */
public record ResourceType(
    String group,
    String version,
    String kind,
    String plural,
    String singular,
    boolean namespaced,
    List<String> shortNames) {

  public static final ResourceType NAMESPACE =
      new ResourceType("", "v1", "Namespace", "namespaces", "namespace", false, List.of("ns"));
  public static final ResourceType NODE =
      new ResourceType("", "v1", "Node", "nodes", "node", false, List.of("no"));
  public static final ResourceType POD =
      new ResourceType("", "v1", "Pod", "pods", "pod", true, List.of("po"));
  public static final ResourceType DAEMON_SET =
      new ResourceType("apps", "v1", "DaemonSet", "daemonsets", "daemonset", true, List.of("ds"));
  public static final ResourceType REPLICA_SET =
      new ResourceType(
          "apps", "v1", "ReplicaSet", "replicasets", "replicaset", true, List.of("rs"));
  public static final ResourceType PDB =
      new ResourceType(
          "policy",
          "v1",
          "PodDisruptionBudget",
          "poddisruptionbudgets",
          "poddisruptionbudget",
          true,
          List.of("pdb"));
  public static final ResourceType LEASE =
      new ResourceType("coordination.k8s.io", "v1", "Lease", "leases", "lease", true, List.of());

  // Stored as generic objects so that knm's deploy/ manifests apply (kubectl apply -k): no
  // controller acts on them, no defaults are filled in (sandbox/README.md).
  public static final ResourceType SERVICE =
      new ResourceType("", "v1", "Service", "services", "service", true, List.of("svc"));
  public static final ResourceType SERVICE_ACCOUNT =
      new ResourceType(
          "", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", true, List.of("sa"));
  public static final ResourceType STATEFUL_SET =
      new ResourceType(
          "apps", "v1", "StatefulSet", "statefulsets", "statefulset", true, List.of("sts"));
  public static final ResourceType NETWORK_POLICY =
      new ResourceType(
          "networking.k8s.io",
          "v1",
          "NetworkPolicy",
          "networkpolicies",
          "networkpolicy",
          true,
          List.of("netpol"));
  public static final ResourceType CLUSTER_ROLE =
      rbac("ClusterRole", "clusterroles", "clusterrole", false);
  public static final ResourceType CLUSTER_ROLE_BINDING =
      rbac("ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", false);
  public static final ResourceType ROLE = rbac("Role", "roles", "role", true);
  public static final ResourceType ROLE_BINDING =
      rbac("RoleBinding", "rolebindings", "rolebinding", true);

  public static final List<ResourceType> ALL =
      List.of(
          NAMESPACE,
          NODE,
          POD,
          DAEMON_SET,
          REPLICA_SET,
          PDB,
          LEASE,
          SERVICE,
          SERVICE_ACCOUNT,
          STATEFUL_SET,
          NETWORK_POLICY,
          CLUSTER_ROLE,
          CLUSTER_ROLE_BINDING,
          ROLE,
          ROLE_BINDING);

  private static ResourceType rbac(String kind, String plural, String singular, boolean ns) {
    return new ResourceType(
        "rbac.authorization.k8s.io", "v1", kind, plural, singular, ns, List.of());
  }

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public String listKind() {
    return kind + "List";
  }

  public static ResourceType find(String group, String version, String plural) {
    for (ResourceType t : ALL) {
      if (t.group.equals(group) && t.version.equals(version) && t.plural.equals(plural)) {
        return t;
      }
    }
    return null;
  }

  public static ResourceType byKind(String kind) {
    for (ResourceType t : ALL) {
      if (t.kind.equals(kind)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown kind " + kind);
  }
}
