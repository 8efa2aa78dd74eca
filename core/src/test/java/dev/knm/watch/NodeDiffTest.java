package dev.knm.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.model.NodeSummary.Condition;
import dev.knm.kube.model.NodeSummary.Resources;
import dev.knm.kube.model.NodeSummary.Taint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeDiffTest {
  static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

  static NodeSummary node(
      boolean cordoned,
      Map<String, String> labels,
      List<Taint> taints,
      List<Condition> conditions,
      Resources allocatable,
      String kubelet) {
    return new NodeSummary(
        "n1",
        "Ready",
        true,
        "True",
        cordoned,
        List.of(),
        taints,
        kubelet,
        "10.0.0.1",
        null,
        "Ubuntu",
        "5.15",
        "containerd",
        null,
        null,
        new Resources(16000, 64L << 30, 0),
        allocatable,
        conditions,
        labels,
        List.of(),
        "2026-01-01T00:00:00Z");
  }

  static Condition ready(String status, String reason, String message, String since) {
    return new Condition("Ready", status, reason, message, since);
  }

  @Test
  void everySignificantFieldGivesOneEventWithOldAndNew() {
    NodeSummary a =
        node(
            false,
            Map.of("team", "a", "gone", "x"),
            List.of(new Taint("gpu", "present", "NoSchedule"), new Taint("old", null, "NoExecute")),
            List.of(ready("True", "KubeletReady", "ok", "t0")),
            new Resources(15500, 63L << 30, 0),
            "v1.31.0");
    NodeSummary b =
        node(
            true,
            Map.of("team", "b", "new", "y"),
            List.of(
                new Taint("gpu", "absent", "NoSchedule"), new Taint("fresh", "1", "NoSchedule")),
            List.of(
                ready("False", "KubeletNotReady", "down", "t1"),
                new Condition("DiskPressure", "True", "KubeletHasDiskPressure", "full", "t1")),
            new Resources(15000, 62L << 30, 8),
            "v1.32.3");

    List<NodeEvent> events = NodeDiff.between("c", a, b, T, "42", false);

    assertThat(events.stream().map(Collector::brief))
        .containsExactly(
            "n1 cordoned unschedulable false->true",
            "n1 label-removed gone x->null",
            "n1 label-added new null->y",
            "n1 label-changed team a->b",
            "n1 taint-added fresh:NoSchedule null->1",
            "n1 taint-changed gpu:NoSchedule present->absent",
            "n1 taint-removed old:NoExecute ->null",
            "n1 condition Ready True->False",
            "n1 condition Ready.reason KubeletReady->KubeletNotReady",
            "n1 condition DiskPressure null->True",
            "n1 condition DiskPressure.reason null->KubeletHasDiskPressure",
            "n1 allocatable cpu 15500m->15",
            "n1 allocatable memory 63Gi->62Gi",
            "n1 allocatable nvidia.com/gpu 0->8",
            "n1 kubelet-version kubeletVersion v1.31.0->v1.32.3");
    assertThat(events).allMatch(e -> e.time().equals(T) && e.resourceVersion().equals("42"));
  }

  @Test
  void messagesTransitionTimesAndAddressesAreNotSignificant() {
    NodeSummary a =
        node(
            false,
            Map.of(),
            List.of(),
            List.of(ready("True", "KubeletReady", "kubelet is posting ready status", "t0")),
            Resources.ZERO,
            "v1");
    NodeSummary b =
        node(
            false,
            Map.of(),
            List.of(),
            List.of(ready("True", "KubeletReady", "something else", "t9")),
            Resources.ZERO,
            "v1");

    assertThat(NodeDiff.between("c", a, b, T, "1", false)).isEmpty();
  }
}
