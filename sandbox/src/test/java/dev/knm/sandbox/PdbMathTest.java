package dev.knm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PdbMathTest {
  static PdbMath.Result compute(String spec, int expected, int healthy) {
    return PdbMath.compute(Json.parse(spec.getBytes(StandardCharsets.UTF_8)), expected, healthy);
  }

  @Test
  void minAvailableInt() {
    assertThat(compute("{\"minAvailable\":2}", 3, 3)).isEqualTo(new PdbMath.Result(3, 3, 2, 1));
    assertThat(compute("{\"minAvailable\":2}", 3, 2)).isEqualTo(new PdbMath.Result(3, 2, 2, 0));
    assertThat(compute("{\"minAvailable\":5}", 3, 3).disruptionsAllowed()).isZero();
  }

  @Test
  void percentagesRoundUp() {
    assertThat(compute("{\"minAvailable\":\"50%\"}", 5, 5).desiredHealthy()).isEqualTo(3);
    assertThat(compute("{\"maxUnavailable\":\"25%\"}", 10, 10))
        .isEqualTo(new PdbMath.Result(10, 10, 7, 3));
    assertThat(compute("{\"maxUnavailable\":1}", 4, 3)).isEqualTo(new PdbMath.Result(4, 3, 3, 0));
    assertThat(compute("{\"maxUnavailable\":0}", 4, 4).disruptionsAllowed()).isZero();
  }

  @Test
  void selector() {
    var sel =
        PdbMath.selector(
            Json.parse(
                "{\"matchLabels\":{\"app\":\"a\"},\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"x\",\"y\"]}]}"
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(sel.test(Map.of("app", "a", "tier", "x"))).isTrue();
    assertThat(sel.test(Map.of("app", "a", "tier", "z"))).isFalse();
    assertThat(sel.test(Map.of("app", "a"))).isFalse();
  }
}
