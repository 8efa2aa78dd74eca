package dev.knm.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Runs H2's first-use set-up once against a private in-memory database, for a one-shot command to
 * call on a second thread while picocli is still parsing: on a cold JVM the class initialisation of
 * H2's engine, parser and storage is a good part of the store's first operation. Plain JDBC, as the
 * read path ({@link ClusterReads}) uses. No file is touched and any failure is ignored: the real
 * store does whatever was not done here.
 */
public final class StoreWarmup {
  private StoreWarmup() {}

  public static void run() {
    try {
      warm();
    } catch (SQLException | RuntimeException ignored) {
      // best effort
    }
  }

  /** The warm-up itself; throws when a step fails (tests: so that a broken one shows). */
  static void warm() throws SQLException {
    try (Connection c = org.h2.Driver.load().connect("jdbc:h2:mem:", new Properties());
        PreparedStatement s = c.prepareStatement("SELECT CAST(? AS VARCHAR)")) {
      c.setAutoCommit(false);
      s.setString(1, "x");
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next() || !"x".equals(rs.getString(1))) {
          throw new IllegalStateException("the warm-up query returned no x");
        }
      }
      c.commit();
    }
  }
}
