package dev.knm.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.kube.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kubectl drain's filters (k8s.io/kubectl/pkg/drain/filters.go): order, verdicts, messages. */
class DrainFiltersTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final DaemonSets ONLY_AGENT =
      (ns, name) ->
          name.equals("agent")
              ? DaemonSets.Lookup.FOUND
              : new DaemonSets.Lookup(true, "daemonsets.apps \"" + name + "\" not found");

  static Pod pod(
      String name,
      String ownerKind,
      String ownerName,
      boolean emptyDir,
      boolean mirror,
      String phase,
      String deletedAt) {
    List<Pod.Owner> owners =
        ownerKind == null
            ? null
            : List.of(
                new Pod.Owner(
                    ownerKind.equals("Node") ? "v1" : "apps/v1", ownerKind, ownerName, "u", true));
    return new Pod(
        new Pod.Meta(
            "ns",
            name,
            "uid-" + name,
            null,
            deletedAt,
            Map.of(),
            mirror ? Map.of(Pod.MIRROR_ANNOTATION, "x") : Map.of(),
            owners),
        new Pod.Spec(
            "n1",
            null,
            null,
            null,
            emptyDir ? List.of(new Pod.Volume("v", new Pod.EmptyDir(null, null))) : List.of(),
            null),
        new Pod.Status(phase, null, null, null, null, null));
  }

  static final Pod RS = pod("rs", "ReplicaSet", "web", false, false, "Running", null);
  static final Pod DS = pod("ds", "DaemonSet", "agent", false, false, "Running", null);
  static final Pod ORPHAN = pod("orphan", "DaemonSet", "gone", false, false, "Running", null);
  static final Pod MIRROR = pod("mirror", "Node", "n1", false, true, "Running", null);
  static final Pod EMPTY_DIR = pod("scratch", "ReplicaSet", "web", true, false, "Running", null);
  static final Pod BARE = pod("bare", null, null, false, false, "Running", null);
  static final Pod DONE = pod("done", null, null, true, false, "Succeeded", null);
  static final Pod FAILED_DS = pod("failed-ds", "DaemonSet", "gone", false, false, "Failed", null);
  static final Pod DELETING =
      pod("deleting", null, null, false, false, "Running", "2026-12-01T11:50:00Z");

  private static DrainOptions opts(boolean ds, boolean emptyDir, boolean force, int skipWait) {
    return new DrainOptions(
        ds,
        emptyDir,
        force,
        false,
        -1,
        Duration.ZERO,
        null,
        skipWait,
        500,
        false,
        20,
        1,
        Duration.ZERO,
        Duration.ofSeconds(5));
  }

  private static PodVerdict judge(DrainOptions o, Pod p) {
    return new DrainFilters(o, ONLY_AGENT, Clock.fixed(NOW, ZoneOffset.UTC)).judge(p);
  }

  @Test
  void without_flags_every_kind_gets_kubectls_verdict_and_message() {
    DrainOptions o = opts(false, false, false, 0);

    assertThat(judge(o, RS)).isEqualTo(PodVerdict.okay(RS));
    assertThat(judge(o, DS))
        .isEqualTo(
            PodVerdict.error(DS, "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"));
    assertThat(judge(o, ORPHAN))
        .isEqualTo(PodVerdict.error(ORPHAN, "daemonsets.apps \"gone\" not found"));
    assertThat(judge(o, MIRROR)).isEqualTo(PodVerdict.skip(MIRROR));
    assertThat(judge(o, EMPTY_DIR))
        .isEqualTo(
            PodVerdict.error(
                EMPTY_DIR, "Pods with local storage (use --delete-emptydir-data to override)"));
    assertThat(judge(o, BARE))
        .isEqualTo(
            PodVerdict.error(BARE, "Pods that declare no controller (use --force to override)"));
    // finished pods pass the emptyDir and controller filters, whatever their owner
    assertThat(judge(o, DONE)).isEqualTo(PodVerdict.okay(DONE));
    assertThat(judge(o, FAILED_DS)).isEqualTo(PodVerdict.okay(FAILED_DS));
    // a pod being deleted is not skipped without --skip-wait-for-delete-timeout (kubectl)
    assertThat(judge(o, DELETING).kind()).isEqualTo(PodVerdict.Kind.ERROR);
  }

  @Test
  void with_every_flag_only_daemon_set_and_mirror_pods_stay() {
    DrainOptions o = opts(true, true, true, 0);

    assertThat(judge(o, DS))
        .isEqualTo(PodVerdict.warning(DS, false, "ignoring DaemonSet-managed Pods"));
    // the orphan's warning is dropped by the later filters, as kubectl's TODO says
    assertThat(judge(o, ORPHAN)).isEqualTo(PodVerdict.okay(ORPHAN));
    assertThat(judge(o, MIRROR)).isEqualTo(PodVerdict.skip(MIRROR));
    // the emptyDir warning is dropped too: its controller filter says Okay last
    assertThat(judge(o, EMPTY_DIR)).isEqualTo(PodVerdict.okay(EMPTY_DIR));
    assertThat(judge(o, BARE))
        .isEqualTo(PodVerdict.warning(BARE, true, "deleting Pods that declare no controller"));
    assertThat(judge(o, DELETING))
        .isEqualTo(PodVerdict.warning(DELETING, true, "deleting Pods that declare no controller"));
  }

  @Test
  void an_orphaned_daemon_set_pod_needs_force_and_still_meets_the_later_filters() {
    Pod orphanWithEmptyDir = pod("o2", "DaemonSet", "gone", true, false, "Running", null);

    assertThat(judge(opts(true, false, true, 0), orphanWithEmptyDir))
        .isEqualTo(
            PodVerdict.error(
                orphanWithEmptyDir,
                "Pods with local storage (use --delete-emptydir-data to override)"));
    assertThat(judge(opts(true, true, false, 0), orphanWithEmptyDir))
        .isEqualTo(PodVerdict.error(orphanWithEmptyDir, "daemonsets.apps \"gone\" not found"));
  }

  @Test
  void skip_wait_skips_pods_deleted_longer_ago_than_it_says() {
    // deleted 600 s ago: skipped with 599, not with 600 (kubectl: strictly more seconds)
    assertThat(judge(opts(false, false, false, 599), DELETING))
        .isEqualTo(PodVerdict.skip(DELETING));
    assertThat(judge(opts(false, false, false, 600), DELETING).kind())
        .isEqualTo(PodVerdict.Kind.ERROR);
  }

  @Test
  void a_plan_reports_every_offending_pod_at_once_grouped_by_message() {
    DrainOptions o = opts(false, false, false, 0);
    DrainFilters f = new DrainFilters(o, ONLY_AGENT, Clock.fixed(NOW, ZoneOffset.UTC));
    Pod bare2 = pod("bare-2", null, null, false, false, "Running", null);

    DrainPlan plan =
        new DrainPlan(
            "n1",
            List.of(RS, DS, BARE, MIRROR, EMPTY_DIR, bare2, ORPHAN, DONE).stream()
                .map(f::judge)
                .toList());

    assertThat(plan.blocked()).isTrue();
    assertThat(plan.errors())
        .containsExactly(
            "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ns/ds",
            "cannot delete Pods that declare no controller (use --force to override): ns/bare,"
                + " ns/bare-2",
            "cannot delete Pods with local storage (use --delete-emptydir-data to override):"
                + " ns/scratch",
            "cannot delete daemonsets.apps \"gone\" not found: ns/orphan");
    assertThat(plan.toEvict()).containsExactly(RS, DONE);
    assertThat(plan.leftAlone()).extracting(PodVerdict::pod).containsExactly(MIRROR);
  }

  @Test
  void warnings_read_as_kubectls_line() {
    DrainOptions o = opts(true, true, true, 0);
    DrainFilters f = new DrainFilters(o, ONLY_AGENT, Clock.fixed(NOW, ZoneOffset.UTC));

    DrainPlan plan = new DrainPlan("n1", List.of(DS, BARE, RS).stream().map(f::judge).toList());

    assertThat(plan.blocked()).isFalse();
    assertThat(plan.warnings())
        .isEqualTo(
            "ignoring DaemonSet-managed Pods: ns/ds; deleting Pods that declare no controller:"
                + " ns/bare");
    assertThat(plan.toEvict()).containsExactly(BARE, RS);
  }
}
