package dev.knm.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeClientFactory;
import dev.knm.kube.transport.ReadRetryPolicy;
import dev.knm.kube.transport.TimeoutCounter;
import dev.knm.kube.transport.TimeoutTier;
import dev.knm.sandbox.RequestLog;
import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link NodeReader#names}: server-side Table pages from the sandbox, plain lists elsewhere. */
class NodeNamesTest {
  private static final String TOKEN = "names-test-token-81c2";
  static Sandbox sb;

  private final KubeClientFactory factory =
      new KubeClientFactory(
          ReadRetryPolicy.withBaseDelay(Duration.ofMillis(5)), TimeoutCounter.counting());

  @BeforeAll
  static void a_sandbox_with_more_nodes_than_a_page() {
    sb = Sandbox.start(SandboxOptions.builder().nodes(620).pods(10).token(TOKEN).build());
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  @Test
  void names_come_from_table_pages_and_match_the_full_node_list() {
    try (ClusterClient c =
        factory.create(
            "sb", TestKubeconfigs.token(sb.url(), sb.caCertPem(), TOKEN), TimeoutTier.LARGE)) {
      NodeReader reader = new NodeReader(c);
      // given the names from the full Node objects
      List<String> full = reader.list(null).stream().map(NodeSummary::name).toList();
      sb.requestLog().clear();
      // when
      List<String> names = reader.names(null);
      // then: the same 620 names, sorted, read from two pages asked for without objects
      assertThat(full).hasSize(620);
      assertThat(names).isEqualTo(full);
      List<RequestLog.Entry> gets =
          sb.requestLog().entries().stream().filter(e -> e.path().equals("/api/v1/nodes")).toList();
      assertThat(gets).hasSize(2);
      assertThat(gets).allMatch(e -> e.query().contains("includeObject=None"));
      assertThat(gets.get(1).hasParam("continue")).isTrue();
    }
  }

  @Test
  void a_label_selector_narrows_the_names() {
    // given one labelled node
    String one = sb.store().list(ResourceType.NODE, null, o -> true).get(7).name();
    sb.labelNode(one, "knm.dev/names-test", "yes");
    try (ClusterClient c =
        factory.create(
            "sb", TestKubeconfigs.token(sb.url(), sb.caCertPem(), TOKEN), TimeoutTier.LARGE)) {
      // when / then
      assertThat(new NodeReader(c).names("knm.dev/names-test=yes")).containsExactly(one);
    }
  }

  @Test
  void a_server_without_tables_still_gives_the_names() {
    // given a server that answers every list as a plain NodeList
    try (FakeKubeApi api = new FakeKubeApi()) {
      api.node("b", NodeReaderTest.node("b", "True", false, "", ""));
      api.node("a", NodeReaderTest.node("a", "True", false, "", ""));
      try (ClusterClient c = factory.create("fake", api.kubeconfig(), TimeoutTier.SMALL)) {
        // when / then
        assertThat(new NodeReader(c).names(null)).containsExactly("a", "b");
      }
    }
  }
}
