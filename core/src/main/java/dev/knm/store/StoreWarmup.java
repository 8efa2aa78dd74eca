package dev.knm.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.spi.JdbiPlugin;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Runs Jdbi's and H2's first-use set-up once against a private in-memory database, for a one-shot
 * command to call on a second thread while picocli is still parsing: on a cold JVM the class
 * initialisation of Jdbi (its argument and mapper factories) and of H2's engine is a good part of
 * the store's first operation. No file is touched and any failure is ignored: the real store does
 * whatever was not done here.
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
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:")) {
      Jdbi jdbi = Jdbi.create(c);
      jdbi.installPlugin((JdbiPlugin) new SqlObjectPlugin());
      jdbi.getConfig(SqlStatements.class)
          .setSqlParser(new NamedParameterParser())
          .setTemplateEngine(TemplateEngine.NOP);
      String x =
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT CAST(:x AS VARCHAR)")
                      .bind("x", "x")
                      .mapTo(String.class)
                      .one());
      if (!"x".equals(x)) {
        throw new IllegalStateException("the warm-up query returned " + x);
      }
    }
  }
}
