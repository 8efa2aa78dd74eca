package dev.knm.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlapDetectorTest {
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  static NodeEvent ready(String from, String to, Instant at) {
    return new NodeEvent(
        NodeEventType.CONDITION, "c", "n", "Ready", from, to, at, "1", false, null);
  }

  static NodeEvent reason(String from, String to, Instant at) {
    return new NodeEvent(
        NodeEventType.CONDITION, "c", "n", "Ready.reason", from, to, at, "1", false, null);
  }

  @Test
  void moreThanThresholdChangesInAWindowAreOneFlappingEventThenOneSettled() {
    FlapDetector d = new FlapDetector(new FlapPolicy(3, Duration.ofMinutes(1)));
    List<NodeEvent> out = new ArrayList<>();
    // given Ready flipping every 5 s, 10 times, each with its reason
    for (int i = 0; i < 10; i++) {
      Instant at = T0.plusSeconds(5L * i);
      boolean up = i % 2 == 1;
      out.addAll(
          d.filter(
              List.of(
                  ready(up ? "Unknown" : "True", up ? "True" : "Unknown", at),
                  reason(
                      up ? "NodeStatusUnknown" : "KubeletReady",
                      up ? "KubeletReady" : "NodeStatusUnknown",
                      at))));
    }
    // a label change of the flapping node still passes
    out.addAll(
        d.filter(
            List.of(
                new NodeEvent(
                    NodeEventType.LABEL_ADDED, "c", "n", "k", null, "v", T0, "2", false, null))));

    // then the first 3 changes are reported, then one flapping event counting 4, then the label
    assertThat(out.stream().map(Collector::brief))
        .containsExactly(
            "n condition Ready True->Unknown",
            "n condition Ready.reason KubeletReady->NodeStatusUnknown",
            "n condition Ready Unknown->True",
            "n condition Ready.reason NodeStatusUnknown->KubeletReady",
            "n condition Ready True->Unknown",
            "n condition Ready.reason KubeletReady->NodeStatusUnknown",
            "n flapping Ready True->True",
            "n label-added k null->v");
    assertThat(out.get(6).count()).isEqualTo(4);
    assertThat(d.flapping("n")).isTrue();

    // when less than a window has passed since the last change: not settled
    Instant last = T0.plusSeconds(45);
    assertThat(d.tick("c", last.plusSeconds(59), n -> "True", n -> "9")).isEmpty();

    // when a whole window passed: settled once, with every change counted
    List<NodeEvent> settled = d.tick("c", last.plusSeconds(60), n -> "True", n -> "9");
    assertThat(settled.stream().map(Collector::brief))
        .containsExactly("n settled Ready True->True");
    assertThat(settled.get(0).count()).isEqualTo(10);
    assertThat(settled.get(0).resourceVersion()).isEqualTo("9");
    assertThat(d.tick("c", last.plusSeconds(120), n -> "True", n -> "9")).isEmpty();
    assertThat(d.flapping("n")).isFalse();
  }

  @Test
  void changesSpreadWiderThanTheWindowNeverFlap() {
    FlapDetector d = new FlapDetector(new FlapPolicy(2, Duration.ofMinutes(1)));
    List<NodeEvent> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      out.addAll(d.filter(List.of(ready("a", "b", T0.plusSeconds(40L * i)))));
    }
    assertThat(out).hasSize(6).allMatch(e -> e.type() == NodeEventType.CONDITION);
  }

  @Test
  void offPassesEverything() {
    FlapDetector d = new FlapDetector(FlapPolicy.OFF);
    List<NodeEvent> out = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      out.addAll(d.filter(List.of(ready("a", "b", T0.plusSeconds(i)))));
    }
    assertThat(out).hasSize(20);
  }
}
