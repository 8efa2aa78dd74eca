package dev.knm.cluster;

import static dev.knm.cluster.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.error.AlreadyExistsException;
import dev.knm.store.Store;
import dev.knm.testing.TestStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClusterSecurityPostgresTest extends ClusterSecurityContract {
  private static String url;

  @Override
  String url() {
    if (url == null) {
      url = TestStores.freshPostgresUrl();
    }
    return url;
  }

  /**
   * Holds every insert into clusters back until {@code waiters} transactions wait on it (each past
   * its check of the name), or 30 s: the race made certain. A transaction of the test's own holds
   * SHARE ROW EXCLUSIVE on clusters: INSERTs wait for it, SELECTs do not. (H2 has no such race: knm
   * serializes operations on an H2 file.)
   */
  AutoCloseable insertsHeldUntilWaiting(int waiters) throws Exception {
    Connection holder = DriverManager.getConnection(url());
    holder.setAutoCommit(false);
    try (Statement st = holder.createStatement()) {
      st.execute("LOCK TABLE clusters IN SHARE ROW EXCLUSIVE MODE");
    }
    return () -> {
      try (Connection watch = DriverManager.getConnection(url());
          Statement st = watch.createStatement()) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
          try (ResultSet rs =
              st.executeQuery(
                  "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                      + " AND datname = current_database()")) {
            rs.next();
            if (rs.getInt(1) >= waiters) {
              break;
            }
          }
          Thread.sleep(20);
        }
      } finally {
        holder.rollback();
        holder.close();
      }
    };
  }

  // --- item 7: a lost race for a name (PostgreSQL lets concurrent imports both check) ----------

  @Test
  void twentyConcurrentImportsOfOneNameGiveOneClusterAndNineteenAlreadyExists() throws Exception {
    // given: 20 knm processes' worth of stores (one connection each), released at once
    int n = 20;
    List<Store> stores = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      stores.add(Store.open(url()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Object>> results = new ArrayList<>();
      for (Store s : stores) {
        ClusterService each = service(s, KEY_A);
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return each.importClusters(request("race", Map.of(), false));
                  } catch (RuntimeException e) {
                    return e;
                  }
                }));
      }

      // when: all start; (PostgreSQL) all have checked the name before any inserts
      try (AutoCloseable held = insertsHeldUntilWaiting(n)) {
        go.countDown();
      }

      // then: one import, and every other one told the name is taken (exit 1), none a store error
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> f : results) {
        outcomes.add(f.get(120, TimeUnit.SECONDS));
      }
      assertThat(outcomes.stream().filter(o -> o instanceof List)).hasSize(1);
      assertThat(outcomes.stream().filter(o -> !(o instanceof List)))
          .hasSize(n - 1)
          .allSatisfy(
              o ->
                  assertThat((Throwable) o)
                      .isInstanceOf(AlreadyExistsException.class)
                      .hasMessage("cluster 'race' already exists; use --overwrite to replace it"));
      assertThat(service.list(ClusterQuery.all()).items())
          .extracting(v -> v.cluster().name())
          .containsExactly("race");
    } finally {
      pool.shutdownNow();
      stores.forEach(Store::close);
    }
  }

  @Test
  void concurrentOverwritesAllSucceedOnOneRow() throws Exception {
    int n = 8;
    List<Store> stores = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      stores.add(Store.open(url()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Object>> results = new ArrayList<>();
      for (Store s : stores) {
        ClusterService each = service(s, KEY_A);
        ImportRequest req =
            new ImportRequest("race", Fixtures.source(), null, false, Map.of(), null, true, false);
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return each.importClusters(req);
                  } catch (RuntimeException e) {
                    return e;
                  }
                }));
      }
      try (AutoCloseable held = insertsHeldUntilWaiting(n)) {
        go.countDown();
      }
      for (Future<Object> f : results) {
        assertThat(f.get(120, TimeUnit.SECONDS)).isInstanceOf(List.class);
      }
      long rows =
          store.withHandle(
              h ->
                  h.createQuery("SELECT COUNT(*) FROM clusters WHERE name = 'race'")
                      .mapTo(Long.class)
                      .one());
      assertThat(rows).isEqualTo(1L);
    } finally {
      pool.shutdownNow();
      stores.forEach(Store::close);
    }
  }
}
