package dev.knm.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.audit.AuditEntry;
import dev.knm.audit.AuditLog;
import dev.knm.audit.Operator;
import dev.knm.error.NotFoundException;
import dev.knm.store.AuditRow;
import dev.knm.store.DrainJournalDao;
import dev.knm.store.DrainPodRow;
import dev.knm.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The drain journal and the audit log (migration V2) on H2 and PostgreSQL: see the subclasses. */
abstract class JournalContract {
  static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
  static final Operator ME = new Operator("bob", "host-a", ProcessHandle.current().pid());

  Store store;
  DrainJournal journal;

  /** A store URL whose tables are empty (or not created yet). */
  abstract String url();

  @BeforeEach
  void openStore() {
    store = Store.open(url());
    store.withHandle(
        h -> {
          h.execute("DELETE FROM drain_pods");
          h.execute("DELETE FROM drain_nodes");
          h.execute("DELETE FROM drains");
          h.execute("DELETE FROM audit_log");
          return null;
        });
    journal = new DrainJournal(store, Clock.fixed(T0, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    journal.close();
    store.close();
  }

  @Test
  void a_drain_is_journaled_as_it_proceeds_and_found_again_to_resume() {
    UUID id = UUID.randomUUID();
    journal.start(id, "prod", List.of("n1", "n2"), ME, "knm drain n1 n2 -c prod");
    PodRef a = new PodRef("team", "a", "uid-a");
    PodRef b = new PodRef("team", "b", "uid-b");

    journal.pod(id, "n1", a, PodState.PENDING, 0, null);
    journal.pod(id, "n1", b, PodState.PENDING, 0, null);
    journal.pod(id, "n1", a, PodState.EVICTING, 1, null);
    journal.pod(id, "n1", b, PodState.BLOCKED, 3, "The disruption budget web needs 2");
    journal.pod(id, "n1", a, PodState.GONE, 1, null).join();
    journal.node(id, "n2", DrainJournal.NodeStatus.DRAINED, null);
    journal.finish(id, DrainJournal.Status.INTERRUPTED);

    assertThat(journal.pods(id, "n1").values())
        .extracting(
            DrainPodRow::name, DrainPodRow::state, DrainPodRow::attempts, DrainPodRow::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", "gone", 1, null),
            org.assertj.core.groups.Tuple.tuple(
                "b", "blocked", 3, "The disruption budget web needs 2"));
    var drain = store.read(h -> h.attach(DrainJournalDao.class).drain(id)).orElseThrow();
    assertThat(drain.status()).isEqualTo("interrupted");
    assertThat(drain.command()).isEqualTo("knm drain n1 n2 -c prod");
    assertThat(drain.user()).isEqualTo("bob");
    assertThat(drain.startedAt()).isEqualTo(T0);

    // n1 can be resumed; n2 ended drained: nothing to resume there
    assertThat(journal.findResumable("prod", List.of("n1"), ME)).isEqualTo(id);
    assertThatThrownBy(() -> journal.findResumable("prod", List.of("n2"), ME))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no interrupted drain of node n2 in cluster prod to resume");
    assertThatThrownBy(() -> journal.findResumable("staging", List.of("n1"), ME))
        .isInstanceOf(NotFoundException.class);

    Operator other = new Operator("carol", "host-b", 99);
    journal.takeOver(id, other);
    var taken = store.read(h -> h.attach(DrainJournalDao.class).drain(id)).orElseThrow();
    assertThat(taken.status()).isEqualTo("running");
    assertThat(taken.user()).isEqualTo("carol");
    journal.finish(id, DrainJournal.Status.DONE);
    assertThat(
            store.read(h -> h.attach(DrainJournalDao.class).drain(id)).orElseThrow().finishedAt())
        .isEqualTo(T0);
  }

  @Test
  void a_running_drain_whose_process_lives_on_this_host_is_not_resumed() {
    UUID id = UUID.randomUUID();
    Operator running = new Operator("bob", "host-a", ProcessHandle.current().pid());
    journal.start(id, "prod", List.of("n1"), running, "knm drain n1");
    journal.flush();

    Operator me = new Operator("bob", "host-a", ProcessHandle.current().pid() + 1_000_000);
    assertThatThrownBy(() -> journal.findResumable("prod", List.of("n1"), me))
        .isInstanceOf(DrainLockedException.class)
        .hasMessageStartingWith("drain " + id + " of node n1 is still running (pid ");
  }

  @Test
  void the_audit_log_lists_rows_oldest_first_by_cluster_and_time() {
    AuditLog later = new AuditLog(store, Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC));
    AuditLog earlier = new AuditLog(store, Clock.fixed(T0, ZoneOffset.UTC));
    later.record(
        new AuditEntry(ME, "drain", "prod", "node/n1", "knm drain n1 -c prod", "ok", 0, "drain x"));
    earlier.record(
        new AuditEntry(ME, "import", "prod", "cluster/prod", "knm import prod", "ok", 0, null));
    earlier.record(
        new AuditEntry(ME, "rotate-key", null, "store", "knm rotate-key", "failed", 5, "boom"));

    List<AuditRow> all = earlier.list(Instant.EPOCH, null);
    assertThat(all)
        .extracting(AuditRow::commandName)
        .containsExactly("import", "rotate-key", "drain");
    assertThat(earlier.list(Instant.EPOCH, "prod"))
        .extracting(AuditRow::commandName)
        .containsExactly("import", "drain");
    assertThat(earlier.list(T0.plusSeconds(1), null))
        .extracting(AuditRow::commandName)
        .containsExactly("drain");
    AuditRow r = all.get(1);
    assertThat(r.user()).isEqualTo("bob");
    assertThat(r.host()).isEqualTo("host-a");
    assertThat(r.cluster()).isNull();
    assertThat(r.outcome()).isEqualTo("failed");
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.at()).isEqualTo(T0);
  }
}
