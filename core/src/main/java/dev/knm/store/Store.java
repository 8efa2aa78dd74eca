package dev.knm.store;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.knm.error.KnmException;
import dev.knm.error.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.spi.JdbiPlugin;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The store: one JDBC connection (re-opened after a transient failure), Jdbi (made on first use)
 * with only the SqlObject plugin, {@code :name} parameters and no templates ({@code <attr>} is not
 * rendered), plain JDBC for the hot reads ({@link #readJdbc}, {@link ClusterReads}), and migrations
 * run only when the schema is behind. A current schema costs one query on {@code
 * flyway_schema_history}; Flyway is not even loaded then. On an H2 file that query rides on the
 * first operation (one open of the file fewer per command), so that is where a broken or
 * unreachable file is reported ("cannot open store ..."); other stores check it in {@link #open}.
 *
 * <p>Operations that only read go through {@link #read}: on an H2 file they open it read-only
 * ({@code ACCESS_MODE_DATA=r}), so that a read writes nothing (H2 otherwise writes a chunk, and
 * compacts, when a read-write database closes).
 *
 * <p>Every operation goes through {@link #inTransaction}, {@link #read}, {@link #readJdbc} or
 * {@link #withHandle}, which retry the whole operation on transient errors (see {@link
 * StoreRetry}). Operations are serialized on this store's single connection, and across processes
 * by {@link ProcessLock}. An H2 file store opens its connection for each operation and closes it
 * (closing the database) before the lock is released, so that only one process at a time has the
 * file open and none needs H2's AUTO_SERVER (a TCP server in the first process, its lock-file
 * protocol and watchdog thread for every open); other stores keep theirs open.
 */
public final class Store implements AutoCloseable {
  /** The latest migration version shipped (db/migration/&lt;dialect&gt;/V&lt;n&gt;__*.sql). */
  static final String LATEST_VERSION = "4";

  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  private final StoreLocation location;
  private final Object lock = new Object();
  private Jdbi jdbi;
  private final RetryPolicy<Object> retry;

  /** An H2 file opened per operation, whose URL sets no access mode of its own. */
  private final boolean readOnlyReads;

  private Connection connection;
  private boolean connectionReadOnly;
  private boolean schemaChecked;
  private int depth;
  private boolean closed;
  private int opens;
  private java.util.concurrent.ExecutorService executor;
  private volatile Thread storeThread;

  private Store(StoreLocation location) {
    this.location = location;
    this.retry =
        StoreRetry.policy(
            location.dialect(), location.connectionPerOperation(), this::discardConnection);
    this.readOnlyReads =
        location.connectionPerOperation()
            && !location
                .jdbcUrl()
                .toUpperCase(java.util.Locale.ROOT)
                .contains(";ACCESS_MODE_DATA=");
  }

  /** Opens the store at {@code jdbcUrl} (PGUSER/PGPASSWORD taken from the process environment). */
  public static Store open(String jdbcUrl) {
    return open(StoreLocation.of(jdbcUrl, System.getenv()));
  }

  /**
   * Returns the open store: connected, and migrated when behind, here or (an H2 file) by its first
   * operation.
   *
   * @throws StoreException "cannot open store URL: cause" when it cannot be reached or migrated
   */
  public static Store open(StoreLocation location) {
    return open(location, true);
  }

  /**
   * As {@link #open(StoreLocation)}; with {@code mayCreate} false an H2 file that does not exist is
   * an error ("no store at PATH; create one with import") instead of a new, empty store: what
   * commands that only use a store ask for, so that a mistyped path is said as such.
   *
   * @throws StoreException also for an H2 path knm must not use (see {@link StorePath})
   */
  public static Store open(StoreLocation location, boolean mayCreate) {
    Store store = new Store(location);
    try {
      store.prepareFiles(mayCreate);
      if (!location.connectionPerOperation()) {
        store.run(false, () -> null); // checks the schema: the connection stays open for later
      }
      return store;
    } catch (KnmException e) {
      store.close();
      throw e;
    } catch (RuntimeException e) {
      store.close();
      throw new StoreException(
          "cannot open store " + location.redacted() + ": " + shortCause(e), e);
    }
  }

  public StoreLocation location() {
    return location;
  }

  public Dialect dialect() {
    return location.dialect();
  }

  /**
   * The Jdbi instance, for use inside {@link #inTransaction}, {@link #read} or {@link #withHandle}
   * only: they hold the process lock, retry transient failures and close an H2 file when done.
   */
  public Jdbi jdbi() {
    synchronized (lock) {
      if (jdbi == null) {
        // made on first use: setting Jdbi up is tens of milliseconds on a cold JVM, which the
        // commands that only run readJdbc operations never pay
        jdbi = Jdbi.create(new SharedConnectionFactory());
        jdbi.installPlugin((JdbiPlugin) new SqlObjectPlugin());
        // Jdbi's own parser and template engine are ANTLR lexers, which a cold JVM loads and
        // builds before the first statement; knm's SQL needs neither templates nor more than
        // :name parameters
        jdbi.getConfig(SqlStatements.class)
            .setSqlParser(new NamedParameterParser())
            .setTemplateEngine(TemplateEngine.NOP);
      }
      return jdbi;
    }
  }

  /**
   * Runs {@code callback} in one transaction, retrying the whole transaction on transient errors.
   * The callback must be safe to run again after a failed attempt (it is rolled back).
   */
  public <T> T inTransaction(HandleCallback<T, RuntimeException> callback) {
    return run(
        false, () -> jdbi().inTransaction(TransactionIsolationLevel.READ_COMMITTED, callback));
  }

  /**
   * Runs {@code callback}, which only reads, in one transaction, retried on transient errors. On an
   * H2 file the file is opened read-only: a write in {@code callback} fails there (and is a bug).
   */
  public <T> T read(HandleCallback<T, RuntimeException> callback) {
    return run(
        true, () -> jdbi().inTransaction(TransactionIsolationLevel.READ_COMMITTED, callback));
  }

  /** A read on the store's JDBC connection: see {@link #readJdbc}. */
  @FunctionalInterface
  public interface JdbcCallback<T> {
    T withConnection(Connection connection) throws SQLException;
  }

  /**
   * As {@link #read}, on the JDBC connection itself, without Jdbi (for the hot reads, {@link
   * ClusterReads}): one READ COMMITTED transaction, or the caller's when nested in one.
   */
  public <T> T readJdbc(JdbcCallback<T> callback) {
    return run(
        true,
        () -> {
          Connection c = connection;
          try {
            if (!c.getAutoCommit()) {
              return callback.withConnection(c); // inside the caller's transaction
            }
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            try {
              if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
              }
              T result = callback.withConnection(c);
              c.commit();
              return result;
            } catch (SQLException | RuntimeException e) {
              rollbackQuietly(c);
              throw e;
            } finally {
              if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                c.setTransactionIsolation(isolation);
              }
              c.setAutoCommit(true);
            }
          } catch (SQLException e) {
            throw new StoreSqlException(e);
          }
        });
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the failure that led here is the one to report
    }
  }

  /** Runs {@code callback} with a handle (autocommit), retried on transient errors. */
  public <T> T withHandle(HandleCallback<T, RuntimeException> callback) {
    return run(false, () -> jdbi().withHandle(callback));
  }

  private <T> T run(boolean readOnly, java.util.function.Supplier<T> op) {
    if (Thread.currentThread() == storeThread) {
      return runHere(readOnly, op, NOT_CANCELLED); // nested in an operation of this store
    }
    return onStoreThread(readOnly, op);
  }

  private static final java.util.function.BooleanSupplier NOT_CANCELLED = () -> false;

  /**
   * Runs the operation on this store's own thread and waits for it, even when the caller is
   * interrupted (its interrupt status is restored after). Why: an interrupt that reaches a thread
   * inside H2 file I/O closes H2's FileChannel mid-write ("IO Exception", "File corrupted while
   * reading record"; measured with a write thread interrupted at random points), and knm interrupts
   * threads as a matter of course (deadlines, Ctrl-C during a drain, a stopped watch). An
   * interrupted caller stops further retries instead: the attempt under way finishes, and no new
   * one starts.
   */
  private <T> T onStoreThread(boolean readOnly, java.util.function.Supplier<T> op) {
    java.util.concurrent.atomic.AtomicBoolean cancelled =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.FutureTask<T> task =
        new java.util.concurrent.FutureTask<>(() -> runHere(readOnly, op, cancelled::get));
    storeExecutor().execute(task);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
          cancelled.set(true);
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new StoreException(
              "store operation failed on " + location.redacted() + ": " + shortCause(cause), cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private java.util.concurrent.ExecutorService storeExecutor() {
    synchronized (lock) {
      if (closed) {
        throw new StoreException("store " + location.redacted() + " is closed");
      }
      if (executor == null) {
        executor =
            java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "knm-store");
                  t.setDaemon(true); // never keeps a finished command's JVM alive
                  storeThread = t;
                  return t;
                });
      }
      return executor;
    }
  }

  private <T> T runHere(
      boolean readOnly,
      java.util.function.Supplier<T> op,
      java.util.function.BooleanSupplier cancelled) {
    synchronized (lock) {
      try (ProcessLock held = ProcessLock.acquire(location)) {
        depth++;
        try {
          if (depth > 1) {
            // nested: runs on the caller's connection and transaction; a retry here would close
            // that connection under the caller, so failures go up and the outermost retries
            connect(readOnly);
            return op.get();
          }
          T result =
              Failsafe.with(retry)
                  .get(
                      ctx -> {
                        if (ctx.getAttemptCount() > 0 && cancelled.getAsBoolean()) {
                          throw new StoreException(
                              "store operation on "
                                  + location.redacted()
                                  + " interrupted before it could be retried");
                        }
                        connect(readOnly);
                        return op.get();
                      });
          if (location.connectionPerOperation() && !connectionReadOnly && connection != null) {
            if (H2Compaction.compactIfFragmented(connection)) {
              restrictFiles(); // the compacted file is a new one
            }
          }
          return result;
        } finally {
          if (--depth == 0 && location.connectionPerOperation()) {
            discardConnection(); // closes the H2 file before the lock is released
          }
        }
      } catch (FailsafeException | StoreSqlException e) {
        throw new StoreException(
            "store operation failed on " + location.redacted() + ": " + shortCause(e), e);
      } catch (KnmException e) {
        throw e;
      } catch (RuntimeException e) {
        if (e instanceof org.jdbi.v3.core.JdbiException) {
          throw new StoreException(
              "store operation failed on " + location.redacted() + ": " + shortCause(e), e);
        }
        throw e;
      }
    }
  }

  /**
   * Opens the connection for an operation (a nested one reuses its caller's) and, the first time,
   * checks the schema on it and migrates when behind. A read opens an existing H2 file read-only.
   *
   * @throws StoreException "cannot open store URL: cause" when the first check fails
   */
  private void connect(boolean readOnly) {
    if (connection != null && !isClosed(connection)) {
      if (connectionReadOnly && !readOnly) {
        throw new IllegalStateException("a store write inside a read-only operation");
      }
      return;
    }
    boolean readOnlyFile = readOnly && readOnlyReads && readOnlyOpenable();
    if (schemaChecked) {
      open(readOnlyFile);
      return;
    }
    try {
      open(readOnlyFile);
      if (!schemaCurrent()) {
        if (connectionReadOnly) {
          discardConnection();
          open(false);
        }
        migrate();
      }
      schemaChecked = true;
    } catch (KnmException e) {
      throw e;
    } catch (RuntimeException e) {
      // keeps the cause: a transient one (another process holds the file) is still retried
      throw new StoreException(
          "cannot open store " + location.redacted() + ": " + shortCause(e), e);
    }
    restrictFiles();
  }

  /** True when flyway_schema_history records the latest version; a missing table is "behind". */
  boolean schemaCurrent() {
    Connection c = connection();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" = '"
                    + LATEST_VERSION
                    + "'")) {
      rs.next();
      return rs.getLong(1) > 0;
    } catch (SQLException e) {
      if (StoreRetry.isTransient(location.dialect(), e)) {
        throw new StoreSqlException(e);
      }
      return false;
    }
  }

  private void migrate() {
    // H2: runs under the store's process lock (see ProcessLock), so concurrent first-time
    // migrations are serialized and the loser sees a current schema; PostgreSQL: Flyway
    // serializes concurrent migrations with an advisory lock.
    if (!schemaCurrent()) {
      Migrator.migrate(location);
    }
  }

  private void prepareFiles(boolean mayCreate) {
    Path file = location.h2File();
    if (file == null) {
      return;
    }
    StorePath.check(file, mayCreate);
    Path dir = file.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      try {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (IOException e) {
        throw new StoreException(
            "cannot open store " + location.redacted() + ": cannot create directory " + dir);
      }
    }
  }

  /** The H2 database file (and its lock/trace files) readable by the owner only. */
  private void restrictFiles() {
    Path file = location.h2File();
    if (file == null) {
      return;
    }
    for (String suffix : new String[] {".mv.db", ".lock.db", ".trace.db"}) {
      restrict(Path.of(file + suffix));
    }
  }

  private static void restrict(Path p) {
    try {
      if (Files.exists(p) && !Files.getPosixFilePermissions(p).equals(OWNER_ONLY_FILE)) {
        Files.setPosixFilePermissions(p, OWNER_ONLY_FILE);
      }
    } catch (IOException | UnsupportedOperationException | SecurityException ignored) {
      // another user's file or a non-POSIX file system: nothing more we can do
    }
  }

  /**
   * True when the H2 file exists and has no {@code .lock.db}: H2 refuses a read-only open while one
   * exists ("database may be already in use"), and one can be left by a killed AUTO_SERVER process.
   */
  private boolean readOnlyOpenable() {
    return Files.exists(Path.of(location.h2File() + ".mv.db"))
        && !Files.exists(Path.of(location.h2File() + ".lock.db"));
  }

  /** The connection of the current operation (Jdbi asks for it through the factory below). */
  private Connection connection() {
    synchronized (lock) {
      if (connection == null || isClosed(connection)) {
        connect(false);
      }
      return connection;
    }
  }

  private void open(boolean readOnlyFile) {
    connection = newConnection(readOnlyFile);
    connectionReadOnly = readOnlyFile;
  }

  /** org.h2.api.ErrorCode.DATABASE_IS_READ_ONLY. */
  private static final int DATABASE_IS_READ_ONLY = 90097;

  private Connection newConnection(boolean readOnlyFile) {
    if (closed) {
      throw new StoreException("store " + location.redacted() + " is closed");
    }
    opens++;
    String url = location.jdbcUrl();
    if (location.dialect() == Dialect.H2) {
      url += ";MAX_COMPACT_TIME=0"; // no compaction on close: see H2Compaction
    }
    if (readOnlyFile) {
      url += ";ACCESS_MODE_DATA=r";
    }
    try {
      if (location.dialect() == Dialect.H2) {
        // not DriverManager: its first use loads every driver on the class path (PostgreSQL's,
        // and java.util.logging with it) to find the one for the URL
        try {
          return org.h2.Driver.load().connect(url, location.connectionProperties());
        } catch (SQLException e) {
          if (readOnlyFile && e.getErrorCode() == DATABASE_IS_READ_ONLY) {
            // H2 would have to write to open it: its last chunk is damaged or unfinished, and a
            // read-write open silently rolls the file back to an earlier state (measured: the
            // last import was gone). Said plainly; the file is left as it is. Not retried: the
            // failed open keeps H2's lock on the file in this JVM ("already in use" after it).
            throw new StoreException(
                "cannot open store "
                    + location.redacted()
                    + ": the file's last write is damaged or unfinished (opening it for writing"
                    + " would roll it back to an earlier state; back the file up first)");
          }
          throw e;
        }
      }
      return DriverManager.getConnection(url, location.connectionProperties());
    } catch (SQLException e) {
      throw new StoreSqlException(e);
    }
  }

  /**
   * How many connections this store has opened (tests: an H2 file is opened once per operation).
   */
  int opens() {
    return opens;
  }

  private static boolean isClosed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  private void discardConnection() {
    synchronized (lock) {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // broken anyway
        }
        connection = null;
        connectionReadOnly = false;
      }
    }
  }

  @Override
  public void close() {
    // waits for an operation under way (it holds the lock); an H2 file's connection is already
    // closed after each operation, so no H2 file I/O happens here on a caller's thread
    synchronized (lock) {
      discardConnection();
      closed = true;
      if (executor != null) {
        executor.shutdown();
      }
    }
  }

  /** The first line of the innermost useful message, without stack trace text or secrets. */
  static String shortCause(Throwable e) {
    Throwable t = e;
    String msg = null;
    while (t != null) {
      if (t instanceof SQLException || msg == null) {
        if (t.getMessage() != null) {
          msg = t.getMessage();
        }
      }
      if (t.getCause() == t) {
        break;
      }
      t = t.getCause();
    }
    if (msg == null) {
      msg = e.getClass().getSimpleName();
    }
    msg = msg.lines().findFirst().orElse("").strip();
    if (msg.endsWith("; SQL statement:")) { // H2: the statement follows on the next lines
      msg = msg.substring(0, msg.length() - "; SQL statement:".length());
    }
    // H2 appends "[90020-232]"-style codes and SQL text; keep the human part
    int bracket = msg.indexOf(" [");
    if (bracket > 0 && msg.endsWith("]")) {
      msg = msg.substring(0, bracket);
    }
    msg = StoreLocation.redact(msg);
    return msg.length() > 200 ? msg.substring(0, 197) + "..." : msg;
  }

  /** Carries an SQLException through the Failsafe supplier. */
  static final class StoreSqlException extends RuntimeException {
    StoreSqlException(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** Hands Jdbi the store's single connection and keeps it open between handles. */
  private final class SharedConnectionFactory implements org.jdbi.v3.core.ConnectionFactory {
    @Override
    public Connection openConnection() {
      return connection();
    }

    @Override
    public void closeConnection(Connection conn) {
      // kept open for the next operation; closed by Store.close()
    }
  }

  @Override
  public String toString() {
    return "Store[" + location.redacted() + "]";
  }

  static Map<String, String> env() {
    return System.getenv();
  }
}
