package dev.knm.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.error.NotFoundException;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeClientFactory;
import dev.knm.kube.transport.ReadRetryPolicy;
import dev.knm.kube.transport.TimeoutCounter;
import dev.knm.kube.transport.TimeoutTier;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Scenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeCordonerTest {
  private static String edit(String json, boolean cordon) {
    NodeCordoner.Edit e = NodeCordoner.edit(json.getBytes(StandardCharsets.UTF_8), cordon);
    return new String(e.json(), StandardCharsets.UTF_8) + (e.changes() ? " changes" : " same");
  }

  @Test
  void only_spec_unschedulable_changes_everything_else_goes_back_as_it_came() {
    String node =
        "{\"kind\":\"Node\",\"metadata\":{\"name\":\"n\",\"resourceVersion\":\"7\"},"
            + "\"spec\":{\"podCIDR\":\"10.0.0.0/24\",\"taints\":[{\"key\":\"k\",\"effect\":\"NoSchedule\"}]},"
            + "\"status\":{\"capacity\":{\"cpu\":\"4\"}}}";

    assertThat(edit(node, true))
        .isEqualTo(
            "{\"kind\":\"Node\",\"metadata\":{\"name\":\"n\",\"resourceVersion\":\"7\"},"
                + "\"spec\":{\"podCIDR\":\"10.0.0.0/24\",\"taints\":[{\"key\":\"k\",\"effect\":\"NoSchedule\"}],"
                + "\"unschedulable\":true},\"status\":{\"capacity\":{\"cpu\":\"4\"}}} changes");
    assertThat(edit(node, false)).endsWith(" same");
    assertThat(edit("{\"spec\":{\"unschedulable\":true,\"x\":1}}", false))
        .isEqualTo("{\"spec\":{\"x\":1}} changes");
    assertThat(edit("{\"spec\":{\"unschedulable\":true}}", true)).endsWith(" same");
    assertThat(edit("{\"metadata\":{}}", true))
        .isEqualTo("{\"metadata\":{},\"spec\":{\"unschedulable\":true}} changes");
  }

  @Test
  void cordons_and_uncordons_a_sandbox_node_with_get_and_put() {
    try (Sandbox sb = Sandbox.start(SandboxOptions.builder().nodes(2).pods(0).build());
        ClusterClient c =
            new KubeClientFactory(
                    ReadRetryPolicy.withBaseDelay(Duration.ofMillis(5)), TimeoutCounter.counting())
                .create("sb", sb.kubeconfigYaml(), TimeoutTier.SMALL)) {
      String node = Scenario.nodeName(1);
      NodeCordoner cordoner = new NodeCordoner(c);
      String before = sb.node(node).node().path("status").toString();

      assertThat(cordoner.set(node, true, true)).isEqualTo(new NodeCordoner.Result(node, true));
      assertThat(sb.node(node).node().path("spec").has("unschedulable")).isFalse();
      assertThat(cordoner.set(node, true, false)).isEqualTo(new NodeCordoner.Result(node, true));
      assertThat(sb.node(node).node().path("spec").path("unschedulable").asBoolean()).isTrue();
      assertThat(cordoner.set(node, true, false)).isEqualTo(new NodeCordoner.Result(node, false));
      assertThat(cordoner.set(node, false, false)).isEqualTo(new NodeCordoner.Result(node, true));
      assertThat(sb.node(node).node().path("spec").has("unschedulable")).isFalse();
      assertThat(sb.node(node).node().path("status").toString()).isEqualTo(before);
      assertThat(sb.requestLog().count(e -> e.method().equals("PUT"))).isEqualTo(2);
      assertThatThrownBy(() -> cordoner.set("gone", true, false))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("cluster sb: no node named gone");
    }
  }
}
