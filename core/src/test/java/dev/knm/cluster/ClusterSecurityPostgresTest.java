package dev.knm.cluster;

import dev.knm.testing.TestStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

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
   * A transaction of the test's own holds SHARE ROW EXCLUSIVE on clusters: INSERTs wait for it,
   * SELECTs do not. The hold ends once {@code waiters} transactions wait on a lock (each past its
   * check of the name), or after 30 s.
   */
  @Override
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
}
