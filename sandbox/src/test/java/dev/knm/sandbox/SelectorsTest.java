package dev.knm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorsTest {
  final Map<String, String> m = Map.of("app", "web", "tier", "front", "zone", "a");

  @Test
  void equality() {
    assertThat(Selectors.labels("app=web").test(m)).isTrue();
    assertThat(Selectors.labels("app==web").test(m)).isTrue();
    assertThat(Selectors.labels("app!=web").test(m)).isFalse();
    assertThat(Selectors.labels("missing!=x").test(m)).isTrue();
    assertThat(Selectors.labels("app=web,tier=back").test(m)).isFalse();
    assertThat(Selectors.labels("").test(m)).isTrue();
  }

  @Test
  void setBased() {
    assertThat(Selectors.labels("zone in (a,b)").test(m)).isTrue();
    assertThat(Selectors.labels("zone in (b, c)").test(m)).isFalse();
    assertThat(Selectors.labels("zone notin (b,c)").test(m)).isTrue();
    assertThat(Selectors.labels("missing notin (b)").test(m)).isTrue();
    assertThat(Selectors.labels("tier").test(m)).isTrue();
    assertThat(Selectors.labels("!tier").test(m)).isFalse();
    assertThat(Selectors.labels("!gpu,app in (web),zone").test(m)).isTrue();
  }

  @Test
  void badLabelSelector() {
    assertThatThrownBy(() -> Selectors.labels("a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Selectors.labels("a,,b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fields() {
    Map<String, String> f =
        Map.of(
            "metadata.name",
            "p1",
            "metadata.namespace",
            "ns",
            "spec.nodeName",
            "n1",
            "status.phase",
            "Running");
    assertThat(Selectors.fields("spec.nodeName=n1").test(f)).isTrue();
    assertThat(Selectors.fields("spec.nodeName==n1,status.phase!=Succeeded").test(f)).isTrue();
    assertThat(Selectors.fields("status.phase!=Running").test(f)).isFalse();
    assertThat(Selectors.fields("metadata.namespace=ns,metadata.name=p2").test(f)).isFalse();
    assertThatThrownBy(() -> Selectors.fields("spec.foo=x"))
        .hasMessage("field label not supported: spec.foo");
  }
}
