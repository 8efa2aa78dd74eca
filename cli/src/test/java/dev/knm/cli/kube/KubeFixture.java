package dev.knm.cli.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Helpers shared by the kube command tests: import a sandbox, read what it holds. */
final class KubeFixture {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              false);

  private KubeFixture() {}

  static void importSandbox(CliRunner cli, Path dir, String name, Sandbox sandbox) {
    Path kc = sandbox.writeKubeconfig(dir.resolve(name + ".kubeconfig"));
    Result r = cli.run("import", name, "--kubeconfig", kc.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  static void importYaml(CliRunner cli, Path dir, String name, String yaml) throws Exception {
    Path kc = java.nio.file.Files.writeString(dir.resolve(name + ".kubeconfig"), yaml);
    Result r = cli.run("import", name, "--kubeconfig", kc.toString(), "--no-verify");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  static boolean terminated(Store.Obj pod) {
    String phase = pod.fields().get("status.phase");
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** namespace/name of every pod the sandbox holds (optionally one namespace), sorted. */
  static List<String> podKeys(Sandbox sandbox, String namespace) {
    return sandbox.store().list(ResourceType.POD, namespace, null).stream()
        .map(o -> o.namespace() + "/" + o.name())
        .sorted()
        .toList();
  }

  static Set<String> namesOn(Sandbox sandbox, String node) {
    return sandbox.podsOn(node).stream().map(Store.Obj::name).collect(Collectors.toSet());
  }

  static List<String> nodeNames(Sandbox sandbox) {
    return sandbox.store().list(ResourceType.NODE, null, null).stream()
        .map(Store.Obj::name)
        .sorted()
        .toList();
  }

  static JsonNode parse(String json) throws Exception {
    return JSON.readTree(json);
  }
}
