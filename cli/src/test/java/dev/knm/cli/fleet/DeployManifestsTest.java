package dev.knm.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.knm.fleet.FleetEnv;
import dev.knm.fleet.FleetServer;
import dev.knm.fleet.InstanceAddress;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.store.StoreLocation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/ read with fabric8's model and checked against the code (variable names, port, probe
 * paths, the token's Secret, shutdown timing), then applied to the sandbox with the real kubectl.
 */
class DeployManifestsTest {
  private static final Path BASE = Path.of("..", "deploy", "base").toAbsolutePath().normalize();
  private static final List<HasMetadata> OBJECTS = new ArrayList<>();

  @TempDir Path dir;

  @BeforeAll
  static void load() throws IOException {
    for (String file : kustomizationResources()) {
      try (InputStream in = Files.newInputStream(BASE.resolve(file))) {
        Object o = Serialization.unmarshal(in);
        if (o instanceof KubernetesList l) {
          OBJECTS.addAll(l.getItems());
        } else if (o instanceof List<?> documents) { // a multi-document file
          documents.forEach(d -> OBJECTS.add((HasMetadata) d));
        } else {
          OBJECTS.add((HasMetadata) o);
        }
      }
    }
  }

  private static List<String> kustomizationResources() throws IOException {
    String k = Files.readString(BASE.resolve("kustomization.yaml"));
    List<String> files = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^  - (\\S+\\.yaml)$").matcher(k);
    while (m.find()) {
      files.add(m.group(1));
    }
    return files;
  }

  private static <T extends HasMetadata> List<T> all(Class<T> kind) {
    return OBJECTS.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  private static <T extends HasMetadata> T one(Class<T> kind, String name) {
    return all(kind).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
  }

  private static Container container() {
    return one(StatefulSet.class, "knm").getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Map<String, EnvVar> env() {
    return container().getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e, (a, b) -> a, TreeMap::new));
  }

  @Test
  void everyManifestIsInTheKustomizationAndEveryKindIsThere() throws IOException {
    try (var files = Files.list(BASE)) {
      List<String> yaml =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
              .sorted()
              .toList();
      assertThat(kustomizationResources()).containsExactlyInAnyOrderElementsOf(yaml);
    }
    assertThat(OBJECTS.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()))
        .containsExactlyInAnyOrder(
            "Namespace/knm",
            "ServiceAccount/knm",
            "ClusterRole/knm-node-manager",
            "ClusterRoleBinding/knm-node-manager",
            "Role/knm-drain-locks",
            "RoleBinding/knm-drain-locks",
            "Service/knm",
            "Service/knm-api",
            "NetworkPolicy/knm-api",
            "StatefulSet/knm");
  }

  @Test
  void statefulSetAgreesWithTheCode() {
    StatefulSet sts = one(StatefulSet.class, "knm");
    Container c = container();
    int port = c.getPorts().get(0).getContainerPort();
    // the serve address knm parses, on the container's port
    List<String> args = c.getArgs();
    assertThat(args.subList(0, 2)).containsExactly("watch", "--all");
    InstanceAddress serve = InstanceAddress.parse(args.get(args.indexOf("--serve") + 1), "--serve");
    assertThat(serve).isEqualTo(new InstanceAddress("0.0.0.0", port));
    assertThat(c.getPorts().get(0).getName()).isEqualTo("http");

    // Downward API variables under the names knm reads
    Map<String, EnvVar> env = env();
    assertThat(env.get(FleetEnv.POD_NAME).getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(env.get(FleetEnv.POD_NAMESPACE).getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env.get(FleetEnv.POD_IP).getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("status.podIP");
    assertThat(env.get(FleetEnv.POD_PORT).getValue()).isEqualTo(String.valueOf(port));
    // discovery through the headless Service; POD_IPS from status.podIPs would list only itself
    assertThat(env).doesNotContainKeys(FleetEnv.POD_IPS, FleetEnv.INSTANCE_ADDRESSES);
    Service headless = one(Service.class, env.get(FleetEnv.SERVICE_NAME).getValue());
    assertThat(sts.getSpec().getServiceName()).isEqualTo(headless.getMetadata().getName());
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(headless.getSpec().getPorts().get(0).getPort()).isEqualTo(port);

    // the token, the store and the key from the one Secret
    assertThat(env.get(FleetEnv.RELOAD_TOKEN).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("knm");
    assertThat(env.get(FleetEnv.RELOAD_TOKEN).getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("reload-token");
    assertThat(env.get(StoreLocation.ENV_STORE).getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("store-url");
    assertThat(env.get("KNM_ENCRYPTION_KEY").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("encryption-key");
    assertThat(env.values()).allSatisfy(e -> assertThat(e.getValue()).isNotEqualTo("changeme"));

    // probes on the endpoints knm serves, on the named port
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo(FleetServer.LIVE_PATH);
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo(FleetServer.LIVE_PATH);
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo(FleetServer.READY_PATH);
    assertThat(c.getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString("http"));

    // preStop's pause + knm's shutdown grace fit in the pod's termination grace period
    int preStop = Integer.parseInt(c.getLifecycle().getPreStop().getExec().getCommand().get(1));
    String grace = args.get(args.indexOf("--shutdown-grace") + 1);
    assertThat(grace).endsWith("s");
    int knmGrace = Integer.parseInt(grace.substring(0, grace.length() - 1));
    assertThat((long) preStop + knmGrace)
        .isLessThan(sts.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds());

    // non-root, read-only root file system
    var pod = sts.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(pod.getServiceAccountName())
        .isEqualTo(one(ServiceAccount.class, "knm").getMetadata().getName());
  }

  @Test
  void networkPolicyAdmitsTheFleetAndLabelledClientsOnTheOnePort() {
    NetworkPolicy np = one(NetworkPolicy.class, "knm-api");
    Map<String, String> podLabels =
        one(StatefulSet.class, "knm").getSpec().getTemplate().getMetadata().getLabels();
    int port = container().getPorts().get(0).getContainerPort();
    assertThat(podLabels).containsAllEntriesOf(np.getSpec().getPodSelector().getMatchLabels());
    assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress");
    List<NetworkPolicyIngressRule> rules = np.getSpec().getIngress();
    assertThat(rules.get(0).getFrom().get(0).getPodSelector().getMatchLabels())
        .isEqualTo(np.getSpec().getPodSelector().getMatchLabels());
    assertThat(rules.get(0).getFrom().get(0).getNamespaceSelector()).isNull(); // own namespace
    assertThat(rules.get(1).getFrom().get(0).getPodSelector().getMatchLabels())
        .containsEntry("knm.dev/api-access", "true");
    assertThat(rules)
        .allSatisfy(
            r -> assertThat(r.getPorts().get(0).getPort()).isEqualTo(new IntOrString(port)));
  }

  @Test
  void rbacGrantsWhatWatchAndDrainUseAndNothingMore() {
    ClusterRole cr = one(ClusterRole.class, "knm-node-manager");
    assertThat(cr.getRules().stream().map(DeployManifestsTest::rule))
        .containsExactly(
            "[] nodes: get,list,watch,patch",
            "[] pods: get,list,watch,delete",
            "[] pods/eviction: create",
            "apps daemonsets: get",
            "policy poddisruptionbudgets: list");
    Role locks = one(Role.class, "knm-drain-locks");
    assertThat(locks.getMetadata().getNamespace()).isEqualTo("kube-system");
    assertThat(locks.getRules().stream().map(DeployManifestsTest::rule))
        .containsExactly("coordination.k8s.io leases: get,create,update,delete");
    assertThat(one(ClusterRoleBinding.class, "knm-node-manager").getSubjects().get(0).getName())
        .isEqualTo("knm");
    assertThat(one(RoleBinding.class, "knm-drain-locks").getRoleRef().getName())
        .isEqualTo("knm-drain-locks");
    assertThat(one(Namespace.class, "knm")).isNotNull();
  }

  private static String rule(PolicyRule r) {
    String group = r.getApiGroups().get(0).isEmpty() ? "[]" : r.getApiGroups().get(0);
    return group + " " + String.join(",", r.getResources()) + ": " + String.join(",", r.getVerbs());
  }

  @Test
  void dockerfileRunsTheDistributionAsNonRootOnThePort() throws IOException {
    String docker = Files.readString(BASE.resolve("../Dockerfile"));
    assertThat(docker).contains("COPY cli/target/knm/ /opt/knm/");
    Matcher user = Pattern.compile("(?m)^USER (\\d+)").matcher(docker);
    assertThat(user.find()).isTrue();
    assertThat(Integer.parseInt(user.group(1)))
        .isEqualTo(
            one(StatefulSet.class, "knm")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getSecurityContext()
                .getRunAsUser()
                .intValue());
    assertThat(docker).contains("EXPOSE " + container().getPorts().get(0).getContainerPort());
  }

  @Test
  void kubectlAppliesTheKustomizationToTheSandbox() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/kubectl")), "kubectl is not installed");
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.builder().nodes(1).pods(0).build())) {
      Path kc = sandbox.writeKubeconfig(dir.resolve("kubeconfig"));
      // a server-side dry run needs the namespace to exist (as on a real API server): the real
      // apply comes first, the dry run of a change after it
      String[] apply = kubectl(kc, "apply", "-k", BASE.toString());
      assertThat(apply[0]).as(apply[2]).isEqualTo("0");
      assertThat(apply[1].lines().sorted().toList())
          .containsExactly(
              "clusterrole.rbac.authorization.k8s.io/knm-node-manager created",
              "clusterrolebinding.rbac.authorization.k8s.io/knm-node-manager created",
              "namespace/knm created",
              "networkpolicy.networking.k8s.io/knm-api created",
              "role.rbac.authorization.k8s.io/knm-drain-locks created",
              "rolebinding.rbac.authorization.k8s.io/knm-drain-locks created",
              "service/knm created",
              "service/knm-api created",
              "serviceaccount/knm created",
              "statefulset.apps/knm created");
      String[] got =
          kubectl(kc, "get", "-n", "knm", "statefulset/knm", "-o", "jsonpath={.spec.serviceName}");
      assertThat(got[1]).isEqualTo("knm");
      String[] dryRun = kubectl(kc, "apply", "-k", BASE.toString(), "--dry-run=server");
      assertThat(dryRun[0]).as(dryRun[2]).isEqualTo("0");
      assertThat(dryRun[1]).contains("statefulset.apps/knm unchanged (server dry run)");
      // applying again changes nothing
      String[] again = kubectl(kc, "apply", "-k", BASE.toString());
      assertThat(again[0]).as(again[2]).isEqualTo("0");
      assertThat(again[1]).contains("statefulset.apps/knm unchanged");
    }
  }

  private static String[] kubectl(Path kubeconfig, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return new String[] {String.valueOf(p.exitValue()), out.join(), err.join()};
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
