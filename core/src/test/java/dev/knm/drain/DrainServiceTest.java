package dev.knm.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.audit.Operator;
import dev.knm.drain.DrainEvent.FailureKind;
import dev.knm.error.NotFoundException;
import dev.knm.error.UsageException;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeClientFactory;
import dev.knm.kube.transport.ReadRetryPolicy;
import dev.knm.kube.transport.TimeoutCounter;
import dev.knm.kube.transport.TimeoutTier;
import dev.knm.sandbox.RequestLog;
import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Scenario;
import dev.knm.sandbox.Store.Obj;
import dev.knm.store.DrainJournalDao;
import dev.knm.store.DrainPodRow;
import dev.knm.store.Store;
import dev.knm.testing.TestStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DrainService against the sandbox (one for the class, a node per test) with a real H2 store:
 * evictions and the watch, disruption budgets, kubectl's flags, locks, journal and resume, and bad
 * input that changes nothing.
 */
class DrainServiceTest {
  static Sandbox sb;
  static Store store;
  @TempDir static Path dir;
  static int nextNode = 1;

  ClusterClient client;
  DrainJournal journal;
  final List<DrainEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    sb =
        Sandbox.start(
            SandboxOptions.builder().nodes(20).pods(0).graceCap(Duration.ofMillis(150)).build());
    store = Store.open(TestStores.freshH2Url(dir));
  }

  @AfterAll
  static void stop() {
    store.close();
    sb.close();
  }

  @BeforeEach
  void connect() {
    client =
        new KubeClientFactory(
                ReadRetryPolicy.withBaseDelay(Duration.ofMillis(5)), TimeoutCounter.counting())
            .create("sb", sb.kubeconfigYaml(), TimeoutTier.SMALL);
    journal = new DrainJournal(store, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    journal.close();
    client.close();
  }

  /** A fresh node of the shared sandbox. */
  static synchronized String node() {
    return Scenario.nodeName(nextNode++);
  }

  static DrainOptions options() {
    return DrainOptions.defaults();
  }

  static DrainOptions with(
      DrainOptions o,
      boolean ds,
      boolean emptyDir,
      boolean force,
      boolean disableEviction,
      Duration timeout,
      int skipWait,
      boolean dryRun,
      int maxNodes,
      Duration deadline) {
    return new DrainOptions(
        ds,
        emptyDir,
        force,
        disableEviction,
        o.gracePeriodSeconds(),
        timeout,
        o.podSelector(),
        skipWait,
        o.chunkSize(),
        dryRun,
        o.evictionConcurrency(),
        maxNodes,
        deadline,
        Duration.ofMillis(200));
  }

  static DrainOptions fast() {
    return with(options(), false, false, false, false, Duration.ZERO, 0, false, 1, Duration.ZERO);
  }

  DrainService service() {
    return new DrainService(client, journal, Operator.current(), Clock.systemUTC());
  }

  DrainResult drain(DrainOptions o, String... nodes) {
    return service()
        .drain(new DrainRequest("sb", List.of(nodes), null, o, false, "knm drain"), events::add);
  }

  static void pods(String node, String ns, String owner, int n) {
    for (int i = 0; i < n; i++) {
      sb.addPod(ns, owner + "-" + i, node, Scenario.PodKind.REPLICA_SET, owner);
    }
  }

  <T extends DrainEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static long writes(Predicate<RequestLog.Entry> p) {
    return sb.requestLog().count(e -> !e.method().equals("GET") && p.test(e));
  }

  // --- evictions ---------------------------------------------------------------------------

  @Test
  void evicts_every_pod_once_waits_with_a_watch_and_leaves_the_node_cordoned() {
    String node = node();
    pods(node, "evict", "web", 25);
    sb.requestLog().clear();

    DrainResult r = drain(fast(), node);

    assertThat(r.verdict()).isEqualTo(DrainResult.Verdict.DRAINED);
    assertThat(r.nodes()).containsExactly(NodeOutcome.drained(node, 25));
    assertThat(sb.podsOn(node)).isEmpty();
    assertThat(sb.node(node).node().path("spec").path("unschedulable").asBoolean()).isTrue();
    // one eviction per pod; the wait is a watch of the node's pods, not a GET per pod and second
    assertThat(sb.requestLog().evictionsPerPod())
        .hasSize(25)
        .allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
    assertThat(
            sb.requestLog()
                .count(
                    e ->
                        e.method().equals("GET")
                            && e.path().startsWith("/api/v1/namespaces/evict/pods/")))
        .isZero();
    assertThat(sb.requestLog().count(e -> e.path().equals("/api/v1/pods") && e.hasParam("watch")))
        .isEqualTo(1);
    assertThat(events(DrainEvent.PodGone.class)).hasSize(25);
    assertThat(events(DrainEvent.NodeCordoned.class))
        .containsExactly(
            new DrainEvent.NodeCordoned(
                node, events(DrainEvent.NodeCordoned.class).get(0).at(), false, false));
    // the lease is released at the end
    assertThat(sb.store().get(ResourceType.LEASE, "kube-system", "knm-drain-" + node)).isNull();
  }

  @Test
  void filter_errors_name_every_offending_pod_and_nothing_is_evicted() {
    String node = node();
    pods(node, "filters", "web", 2);
    sb.addPod("filters", "bare-1", node, Scenario.PodKind.BARE, null);
    sb.addPod("filters", "scratch-1", node, Scenario.PodKind.EMPTY_DIR, "scratch");
    sb.addPod("kube-system", "agent-" + node, node, Scenario.PodKind.DAEMON_SET, "agent");
    sb.requestLog().clear();

    DrainResult r = drain(fast(), node);

    assertThat(r.verdict()).isEqualTo(DrainResult.Verdict.FAILED);
    NodeOutcome o = r.nodes().get(0);
    assertThat(o.failure()).isEqualTo(FailureKind.FILTERS);
    assertThat(o.message())
        .isEqualTo(
            "cannot delete Pods that declare no controller (use --force to override):"
                + " filters/bare-1; cannot delete Pods with local storage (use"
                + " --delete-emptydir-data to override): filters/scratch-1; cannot delete"
                + " DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/agent-"
                + node);
    assertThat(sb.requestLog().evictionsPerPod()).isEmpty();
    assertThat(sb.podsOn(node)).hasSize(5);
  }

  @Test
  void disable_eviction_deletes_and_ignores_the_budgets() {
    String node = node();
    pods(node, "deletes", "web", 3);
    sb.createPdb("deletes", "web", Map.of("app", "web"), 3, null);
    sb.requestLog().clear();

    DrainResult r =
        drain(
            with(options(), false, false, false, true, Duration.ZERO, 0, false, 1, Duration.ZERO),
            node);

    assertThat(r.verdict()).isEqualTo(DrainResult.Verdict.DRAINED);
    assertThat(sb.requestLog().evictionsPerPod()).isEmpty();
    assertThat(
            writes(
                e ->
                    e.method().equals("DELETE")
                        && e.path().startsWith("/api/v1/namespaces/deletes/pods/")))
        .isEqualTo(3);
    assertThat(events(DrainEvent.PodEvicting.class)).allMatch(DrainEvent.PodEvicting::deletion);
  }

  // --- disruption budgets ----------------------------------------------------------------------

  @Test
  void a_budget_at_its_limit_is_named_waited_for_and_the_drain_completes_once_relaxed()
      throws Exception {
    String node = node();
    pods(node, "team-3", "web", 2);
    sb.createPdb("team-3", "web", Map.of("app", "web"), 2, null);
    CompletableFuture<DrainResult> running =
        CompletableFuture.supplyAsync(() -> drain(fast(), node));

    // then: it says which budget holds which pod and what it allows
    waitFor(() -> events(DrainEvent.EvictionBlocked.class).size() >= 2);
    DrainEvent.EvictionBlocked b = events(DrainEvent.EvictionBlocked.class).get(0);
    assertThat(b.pdbs())
        .extracting(DrainEvent.PdbState::describe)
        .containsExactly("pdb team-3/web allows 0 disruptions (needs 2 healthy, has 2)");
    assertThat(b.cause())
        .isEqualTo("The disruption budget web needs 2 healthy pods and has 2 currently");
    assertThat(b.retryIn()).isEqualTo(Duration.ofMillis(200));
    assertThat(running).isNotDone();

    // when: the budget is relaxed
    sb.updatePdb("team-3", "web", 0, null);

    // then: the drain completes
    DrainResult r = running.get(30, TimeUnit.SECONDS);
    assertThat(r.verdict()).isEqualTo(DrainResult.Verdict.DRAINED);
    assertThat(sb.podsOn(node)).isEmpty();
  }

  @Test
  void a_budget_never_relaxed_fails_the_node_at_its_timeout_naming_budget_and_pods() {
    String node = node();
    pods(node, "team-4", "web", 2);
    pods(node, "team-4", "free", 2);
    sb.createPdb("team-4", "web", Map.of("app", "web"), 2, null);

    DrainResult r =
        drain(
            with(
                options(),
                false,
                false,
                false,
                false,
                Duration.ofSeconds(2),
                0,
                false,
                1,
                Duration.ZERO),
            node);

    assertThat(r.verdict()).isEqualTo(DrainResult.Verdict.BLOCKED);
    NodeOutcome o = r.nodes().get(0);
    assertThat(o.failure()).isEqualTo(FailureKind.PDB_TIMEOUT);
    assertThat(o.blockers())
        .extracting(b -> b.pod().key())
        .containsExactlyInAnyOrder("team-4/web-0", "team-4/web-1");
    assertThat(o.message())
        .matches(
            "timed out after [23]s waiting for disruption budgets: pdb team-4/web allows 0"
                + " disruptions \\(needs 2 healthy, has 2\\) blocks team-4/web-[01], team-4/web-[01]");
    assertThat(sb.podsOn(node)).extracting(Obj::name).containsExactlyInAnyOrder("web-0", "web-1");
    assertThat(o.evicted()).isEqualTo(2);
  }

  @Test
  void a_pod_under_two_budgets_fails_at_once_and_is_not_retried() {
    String node = node();
    pods(node, "team-5", "web", 1);
    sb.createPdb("team-5", "one", Map.of("app", "web"), null, 1);
    sb.createPdb("team-5", "two", Map.of("app", "web"), null, 1);
    sb.requestLog().clear();

    DrainResult r =
        drain(
            with(
                options(),
                false,
                false,
                false,
                false,
                Duration.ofSeconds(20),
                0,
                false,
                1,
                Duration.ZERO),
            node);

    assertThat(r.verdict()).isEqualTo(DrainResult.Verdict.FAILED);
    assertThat(r.nodes().get(0).failure()).isEqualTo(FailureKind.EVICTION);
    assertThat(r.nodes().get(0).message())
        .isEqualTo(
            "error when evicting pods/\"web-0\" -n \"team-5\": This pod has more than one"
                + " PodDisruptionBudget, which the eviction subresource does not support. (pdbs"
                + " team-5/one, team-5/two)");
    assertThat(sb.requestLog().evictionsPerPod()).containsExactly(Map.entry("team-5/web-0", 1));
  }

  // --- kubectl's other flags ----------------------------------------------------------------

  @Test
  void skip_wait_does_not_wait_for_pods_terminating_too_long() {
    String node = node();
    pods(node, "stuck", "web", 2);
    sb.holdTerminating("stuck", "web-0", Duration.ofMinutes(10));

    DrainResult waits =
        drain(
            with(
                options(),
                false,
                false,
                false,
                false,
                Duration.ofSeconds(1),
                0,
                false,
                1,
                Duration.ZERO),
            node);
    assertThat(waits.nodes().get(0).failure()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(waits.nodes().get(0).message())
        .endsWith("waiting for 1 pod to terminate: stuck/web-0");

    events.clear();
    DrainResult skips =
        drain(
            with(
                options(),
                false,
                false,
                false,
                false,
                Duration.ofSeconds(20),
                60,
                false,
                1,
                Duration.ZERO),
            node);
    assertThat(skips.verdict()).isEqualTo(DrainResult.Verdict.DRAINED);
    // kubectl skips it before eviction: it is not even planned
    assertThat(events(DrainEvent.NodePlanned.class).get(0).toEvict()).isEmpty();
    assertThat(sb.podsOn(node)).extracting(Obj::name).containsExactly("web-0");
  }

  @Test
  void dry_run_changes_nothing_and_forecasts_the_budgets_and_the_ending() {
    String node = node();
    pods(node, "dry", "web", 3);
    sb.addPod("dry", "bare-1", node, Scenario.PodKind.BARE, null);
    sb.createPdb("dry", "web", Map.of("app", "web"), 2, null);
    sb.requestLog().clear();

    DrainResult r =
        drain(
            with(options(), false, false, false, false, Duration.ZERO, 0, true, 1, Duration.ZERO),
            node);

    assertThat(writes(e -> true)).isZero();
    assertThat(sb.node(node).node().path("spec").path("unschedulable").asBoolean()).isFalse();
    DrainEvent.NodeDryRun plan = events(DrainEvent.NodeDryRun.class).get(0);
    assertThat(plan.toEvict())
        .extracting(PodRef::key)
        .containsExactly("dry/web-0", "dry/web-1", "dry/web-2");
    assertThat(plan.errors())
        .containsExactly(
            "cannot delete Pods that declare no controller (use --force to override): dry/bare-1");
    assertThat(plan.pdbs()).hasSize(1);
    assertThat(plan.pdbs().get(0).pdb().describe())
        .isEqualTo("pdb dry/web allows 1 disruption (needs 2 healthy, has 3)");
    assertThat(plan.pdbs().get(0).wouldWait()).isEqualTo(2);
    assertThat(plan.wouldFail()).isEqualTo(FailureKind.FILTERS);
    assertThat(r.dryRun()).isTrue();
    assertThat(r.verdict()).isEqualTo(DrainResult.Verdict.FAILED);

    // with --force the filters pass: the budget would hold it
    events.clear();
    drain(
        with(options(), false, false, true, false, Duration.ZERO, 0, true, 1, Duration.ZERO), node);
    assertThat(events(DrainEvent.NodeDryRun.class).get(0).wouldFail())
        .isEqualTo(FailureKind.PDB_TIMEOUT);
    assertThat(writes(e -> true)).isZero();
  }

  // --- several nodes ---------------------------------------------------------------------------

  @Test
  void every_node_is_cordoned_before_the_first_eviction_and_nodes_drain_in_parallel() {
    List<String> nodes = List.of(node(), node(), node());
    for (int i = 0; i < nodes.size(); i++) {
      pods(nodes.get(i), "par-" + i, "web", 3);
    }
    sb.requestLog().clear();

    DrainResult r =
        drain(
            with(options(), false, false, false, false, Duration.ZERO, 0, false, 3, Duration.ZERO),
            nodes.toArray(String[]::new));

    assertThat(r.verdict()).isEqualTo(DrainResult.Verdict.DRAINED);
    List<RequestLog.Entry> log = sb.requestLog().entries();
    int lastCordon = -1;
    int firstEviction = Integer.MAX_VALUE;
    for (int i = 0; i < log.size(); i++) {
      RequestLog.Entry e = log.get(i);
      if (e.method().equals("PUT") && e.path().startsWith("/api/v1/nodes/")) {
        lastCordon = i;
      }
      if (e.path().endsWith("/eviction")) {
        firstEviction = Math.min(firstEviction, i);
      }
    }
    assertThat(lastCordon).isLessThan(firstEviction);
    assertThat(events(DrainEvent.NodeDrained.class)).hasSize(3);
  }

  @Test
  void the_deadline_bounds_the_whole_command() {
    String a = node();
    String b = node();
    pods(a, "deadline", "held", 1);
    pods(b, "deadline", "other", 1);
    sb.createPdb("deadline", "held", Map.of("app", "held"), 1, null);

    long t0 = System.nanoTime();
    DrainResult r =
        drain(
            with(
                options(),
                false,
                false,
                false,
                false,
                Duration.ZERO,
                0,
                false,
                1,
                Duration.ofSeconds(5)), // room on a loaded machine to reach the PDB before it
            a,
            b);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(r.nodes().get(0).failure()).isEqualTo(FailureKind.PDB_TIMEOUT);
    assertThat(r.nodes().get(1).failure()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(r.nodes().get(1).message())
        .isEqualTo("the command's deadline passed before it started");
    assertThat(r.verdict()).isEqualTo(DrainResult.Verdict.FAILED);
  }

  // --- locks, journal, resume ----------------------------------------------------------------

  @Test
  void a_second_drain_of_a_node_being_drained_is_refused_naming_the_holder() throws Exception {
    String node = node();
    pods(node, "lock", "web", 1);
    sb.createPdb("lock", "web", Map.of("app", "web"), 1, null);
    CompletableFuture<DrainResult> first =
        CompletableFuture.supplyAsync(
            () ->
                drain(
                    with(
                        options(),
                        false,
                        false,
                        false,
                        false,
                        Duration.ofSeconds(4),
                        0,
                        false,
                        1,
                        Duration.ZERO),
                    node));
    waitFor(() -> !events(DrainEvent.EvictionBlocked.class).isEmpty());

    Operator other = new Operator("alice", "laptop-7", 4242);
    sb.requestLog().clear();
    assertThatThrownBy(
            () ->
                new DrainService(client, journal, other, Clock.systemUTC())
                    .drain(
                        new DrainRequest("sb", List.of(node), null, fast(), false, "x"), e -> {}))
        .isInstanceOf(DrainLockedException.class)
        .hasMessageMatching(
            "node "
                + node.replace(".", "\\.")
                + " is being drained by "
                + Operator.current().who().replace(".", "\\.")
                + " \\(pid "
                + ProcessHandle.current().pid()
                + ", drain [0-9a-f-]{36}\\) since \\S+Z; its lock \\(lease kube-system/knm-drain-"
                + node.replace(".", "\\.")
                + "\\) is held until \\S+Z");
    // nothing of its own: no lease taken, no node cordoned (the first drain's evictions go on)
    assertThat(writes(e -> !e.path().endsWith("/eviction") && !e.method().equals("PUT"))).isZero();
    assertThat(writes(e -> e.path().startsWith("/api/v1/nodes/"))).isZero();
    assertThat(first.get(30, TimeUnit.SECONDS).verdict()).isEqualTo(DrainResult.Verdict.BLOCKED);
  }

  @Test
  void an_interrupted_drain_resumes_from_its_journal_without_evicting_a_pod_twice()
      throws Exception {
    String node = node();
    pods(node, "resume", "web", 6);
    pods(node, "resume", "held", 2);
    sb.createPdb("resume", "held", Map.of("app", "held"), 2, null);
    sb.requestLog().clear();
    DrainService first = service();
    CompletableFuture<DrainResult> running =
        CompletableFuture.supplyAsync(
            () ->
                first.drain(
                    new DrainRequest("sb", List.of(node), null, fast(), false, "knm drain x"),
                    events::add));
    waitFor(() -> events(DrainEvent.PodGone.class).size() >= 6);

    // when: interrupted while the budget holds two pods
    first.interrupt();
    DrainResult stopped = running.get(30, TimeUnit.SECONDS);

    // then: interrupted, journal kept
    assertThat(stopped.verdict()).isEqualTo(DrainResult.Verdict.INTERRUPTED);
    UUID id = UUID.fromString(stopped.drainId());
    assertThat(store.read(h -> h.attach(DrainJournalDao.class).drain(id)).orElseThrow().status())
        .isEqualTo("interrupted");
    assertThat(journal.pods(id, node).values())
        .extracting(DrainPodRow::name, DrainPodRow::state)
        .contains(
            org.assertj.core.groups.Tuple.tuple("web-0", "gone"),
            org.assertj.core.groups.Tuple.tuple("held-0", "blocked"));

    // when: resumed after the budget is relaxed
    sb.updatePdb("resume", "held", 0, null);
    events.clear();
    DrainResult resumed =
        service()
            .drain(
                new DrainRequest("sb", List.of(node), null, fast(), true, "knm drain x --resume"),
                events::add);

    // then: the same drain, completed; each pod evicted once (held ones: once per 429 + once)
    assertThat(resumed.drainId()).isEqualTo(stopped.drainId());
    assertThat(resumed.verdict()).isEqualTo(DrainResult.Verdict.DRAINED);
    Map<String, Integer> posts = sb.requestLog().evictionsPerPod();
    for (int i = 0; i < 6; i++) {
      assertThat(posts.get("resume/web-" + i)).isEqualTo(1);
    }
    assertThat(store.read(h -> h.attach(DrainJournalDao.class).drain(id)).orElseThrow().status())
        .isEqualTo("done");
    assertThat(journal.pods(id, node).values()).allMatch(p -> p.state().equals("gone"));
  }

  // --- bad input changes nothing ---------------------------------------------------------------

  @Test
  void bad_input_fails_before_anything_changes() {
    String node = node();
    pods(node, "bad", "web", 1);
    List<String> before = journalRows();
    sb.requestLog().clear();

    assertThatThrownBy(() -> drain(fast(), "no-such-node"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("cluster sb: no node named no-such-node");
    assertThatThrownBy(
            () ->
                service()
                    .drain(
                        new DrainRequest("sb", List.of(), "pool=none", fast(), false, "x"),
                        e -> {}))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("cluster sb: no nodes match the selector \"pool=none\"");
    assertThatThrownBy(
            () ->
                service()
                    .drain(
                        new DrainRequest("sb", List.of(node), "pool=a", fast(), false, "x"),
                        e -> {}))
        .isInstanceOf(UsageException.class)
        .hasMessage("cannot specify both a node name and a --selector option");
    assertThatThrownBy(
            () ->
                service()
                    .drain(new DrainRequest("sb", List.of(node), null, fast(), true, "x"), e -> {}))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no interrupted drain of node " + node + " in cluster sb to resume");

    assertThat(writes(e -> true)).isZero();
    assertThat(journalRows()).isEqualTo(before);
    assertThat(sb.node(node).node().path("spec").path("unschedulable").asBoolean()).isFalse();
  }

  private static List<String> journalRows() {
    return store.read(
        h -> {
          List<String> rows = new ArrayList<>();
          rows.addAll(h.createQuery("SELECT id || status FROM drains").mapTo(String.class).list());
          rows.addAll(
              h.createQuery("SELECT node || status FROM drain_nodes").mapTo(String.class).list());
          rows.addAll(
              h.createQuery("SELECT uid || state FROM drain_pods").mapTo(String.class).list());
          rows.sort(null);
          return rows;
        });
  }

  static void waitFor(java.util.function.BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting");
      }
      Thread.sleep(20);
    }
  }
}
