package dev.knm.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** One embedded PostgreSQL per test run (started on first use), fresh databases on demand. */
public final class TestStores {
  private static EmbeddedPostgres postgres;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private TestStores() {}

  public static synchronized EmbeddedPostgres postgres() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException ignored) {
                      // exiting anyway
                    }
                  }));
    }
    return postgres;
  }

  /** A JDBC URL of a new, empty PostgreSQL database. */
  public static String freshPostgresUrl() {
    EmbeddedPostgres pg = postgres();
    String db = "knm_test_" + DATABASES.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + db);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + db + "?user=postgres";
  }

  /** A JDBC URL of a new H2 file under {@code dir}. */
  public static String freshH2Url(Path dir) {
    return "jdbc:h2:file:" + dir.resolve("knm-" + DATABASES.incrementAndGet());
  }

  /** Every row of the knm tables as text (bytes in hex), sorted: compare before/after. */
  public static List<String> dump(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    for (String table : List.of("clusters", "cluster_labels", "cluster_states", "node_events")) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
        ResultSetMetaData md = rs.getMetaData();
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
          StringBuilder sb = new StringBuilder(table).append(':');
          for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            sb.append(md.getColumnName(i).toLowerCase())
                .append('=')
                .append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v))
                .append(';');
          }
          rows.add(sb.toString());
        }
        rows.sort(null);
        out.addAll(rows);
      }
    }
    return out;
  }
}
