package dev.knm.store;

import dev.knm.error.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * LISTENs on {@link ClusterChanges#CHANNEL} over a connection of its own (PostgreSQL only), on a
 * thread of its own. Each notification goes to {@code onChange}; after every (re)connect {@code
 * onConnected} runs, so that the caller compares everything and misses nothing that happened while
 * the connection was down. A lost connection is retried with backoff (1 s doubling to 30 s).
 */
public final class ChangeListener implements AutoCloseable {
  private final StoreLocation location;
  private final Consumer<ClusterChange> onChange;
  private final Runnable onConnected;
  private final Consumer<String> onProblem;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection connection;

  /**
   * @param onProblem told of a lost or failed connection (one line, no password)
   */
  public ChangeListener(
      StoreLocation location,
      Consumer<ClusterChange> onChange,
      Runnable onConnected,
      Consumer<String> onProblem) {
    if (location.dialect() != Dialect.POSTGRESQL) {
      throw new IllegalArgumentException("LISTEN needs a PostgreSQL store");
    }
    this.location = location;
    this.onChange = onChange;
    this.onConnected = onConnected;
    this.onProblem = onProblem;
    this.thread = new Thread(this::run, "knm-store-listen");
    thread.setDaemon(true);
  }

  /** Connects and LISTENs once here (so that a bad store fails the caller), then goes on alone. */
  public ChangeListener start() {
    try {
      connection = connect();
    } catch (SQLException e) {
      throw new StoreException(
          "cannot listen on store " + location.redacted() + ": " + Store.shortCause(e), e);
    }
    thread.start();
    return this;
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(location.jdbcUrl(), location.connectionProperties());
    try (Statement st = c.createStatement()) {
      st.execute("LISTEN " + ClusterChanges.CHANNEL);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void run() {
    Duration backoff = Duration.ofSeconds(1);
    boolean fresh = false; // the first connection is start()'s: the caller compares after it
    while (!closed) {
      try {
        if (connection == null) {
          connection = connect();
          fresh = true;
        }
        if (fresh) {
          fresh = false;
          backoff = Duration.ofSeconds(1);
          onConnected.run();
        }
        PGNotification[] batch = connection.unwrap(PGConnection.class).getNotifications(1000);
        if (batch != null) {
          for (PGNotification n : batch) {
            onChange.accept(ClusterChange.parse(n.getParameter()));
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        onProblem.accept(Store.shortCause(e));
        closeQuietly();
        sleep(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30)
                : backoff.multipliedBy(2);
      }
    }
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private void closeQuietly() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // broken anyway
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    closeQuietly(); // ends a wait for notifications at once
    try {
      thread.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly();
  }
}
