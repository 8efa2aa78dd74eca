package dev.knm.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.drain.DrainEvent;
import dev.knm.drain.PodRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live display's lines, from events (no terminal). */
class DrainBoardTest {
  static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  static PodRef pod(String name) {
    return new PodRef("team-3", name, "uid-" + name);
  }

  @Test
  void one_row_per_node_with_evicted_waiting_blocked_the_budget_and_elapsed() {
    DrainBoard b = new DrainBoard();
    b.accept(new DrainEvent.NodeCordoned("n1", T0, false, false));
    b.accept(new DrainEvent.NodeCordoned("n2", T0, true, false));
    b.accept(
        new DrainEvent.NodePlanned(
            "n1",
            T0,
            List.of(pod("web-1"), pod("web-2"), pod("api-1")),
            List.of(),
            "ignoring DaemonSet-managed Pods: kube-system/agent-1",
            List.of()));
    b.accept(new DrainEvent.PodEvicting("n1", T0, pod("web-1"), 1, false));
    b.accept(new DrainEvent.PodEvicting("n1", T0, pod("web-2"), 1, false));
    b.accept(new DrainEvent.PodEvicting("n1", T0, pod("api-1"), 1, false));
    b.accept(new DrainEvent.PodGone("n1", T0.plusSeconds(1), pod("api-1"), true));
    b.accept(
        new DrainEvent.EvictionBlocked(
            "n1",
            T0.plusSeconds(1),
            pod("web-2"),
            List.of(new DrainEvent.PdbState("team-3", "web", 0, 2, 2)),
            "The disruption budget web needs 2 healthy pods and has 2 currently",
            Duration.ofSeconds(5),
            1));

    assertThat(b.lines(T0.plusSeconds(12)))
        .containsExactly(
            "NODE   STATUS     EVICTED   WAITING   BLOCKED   ELAPSED",
            "n1     draining   1/3       1         1         12s       pdb team-3/web allows 0"
                + " disruptions (needs 2 healthy, has 2): pod team-3/web-2",
            "n2     queued     -         0         0         -");

    // when the budget lets go and the node is done, the row is a summary
    b.accept(new DrainEvent.PodEvicting("n1", T0.plusSeconds(13), pod("web-2"), 2, false));
    b.accept(new DrainEvent.PodGone("n1", T0.plusSeconds(14), pod("web-2"), true));
    b.accept(new DrainEvent.PodGone("n1", T0.plusSeconds(14), pod("web-1"), true));
    b.accept(new DrainEvent.NodeDrained("n1", T0.plusSeconds(15), 3, Duration.ofSeconds(15)));
    b.accept(
        new DrainEvent.NodeFailed(
            "n2",
            T0.plusSeconds(15),
            DrainEvent.FailureKind.FILTERS,
            "cannot delete x",
            List.of(),
            List.of()));

    assertThat(b.lines(T0.plusSeconds(60)))
        .containsExactly(
            "NODE   STATUS    EVICTED   WAITING   BLOCKED   ELAPSED",
            "n1     drained   3/3       0         0         15s",
            "n2     failed    -         0         0         -         filters");
    assertThat(b.messages())
        .containsExactly(
            "Warning: node n1: ignoring DaemonSet-managed Pods: kube-system/agent-1",
            "error: unable to drain node \"n2\": cannot delete x");
  }
}
