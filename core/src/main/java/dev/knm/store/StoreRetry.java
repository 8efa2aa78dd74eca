package dev.knm.store;

import dev.failsafe.RetryPolicy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one retry policy around whole store operations. It retries only transient errors: for H2 a
 * database held by another process (one that does not take knm's process lock, or an AUTO_SERVER
 * handing over its role: "database may be already in use", "another process was faster", a broken
 * loopback connection), lock timeouts and concurrent updates; for PostgreSQL serialization failures
 * and deadlocks. Operations are written so that a retry never applies a change twice (ids generated
 * by the client, check-then-write in the transaction).
 */
final class StoreRetry {
  /** H2 error codes (org.h2.api.ErrorCode) that mean "try again". */
  private static final Set<Integer> H2_TRANSIENT =
      Set.of(
          8000, // ERROR_OPENING_DATABASE_1: "another process was faster"
          90020, // DATABASE_ALREADY_OPEN_1: "database may be already in use"
          90067, // CONNECTION_BROKEN_1: the serving process went away
          90098, // DATABASE_IS_CLOSED
          90121, // DATABASE_CALLED_AT_SHUTDOWN
          90135, // DATABASE_IS_IN_EXCLUSIVE_MODE
          50200, // LOCK_TIMEOUT_1
          40001, // DEADLOCK_1
          90131 // CONCURRENT_UPDATE_1
          );

  /**
   * I/O errors: transient only through an AUTO_SERVER (the serving process's file or socket). Where
   * knm opens the file itself under its process lock they mean a damaged or unreadable file, which
   * no retry mends (a truncated file was retried for 29 s before exit 5).
   */
  private static final Set<Integer> H2_IO = Set.of(90028, 90031); // IO_EXCEPTION_1, IO_EXCEPTION_2

  private static final Set<String> PG_TRANSIENT_STATES = Set.of("40001", "40P01");

  private StoreRetry() {}

  /**
   * @param fileUnderLock an H2 file knm opens per operation under its process lock (no AUTO_SERVER)
   */
  static <T> RetryPolicy<T> policy(Dialect dialect, boolean fileUnderLock, Runnable onRetry) {
    return RetryPolicy.<T>builder()
        .handleIf(
            (result, failure) ->
                failure != null
                    && isTransient(dialect, failure)
                    && !(fileUnderLock && isIo(failure)))
        .withBackoff(Duration.ofMillis(20), Duration.ofMillis(500))
        .withJitter(0.5)
        .withMaxRetries(60)
        .withMaxDuration(Duration.ofSeconds(60))
        .onRetry(e -> onRetry.run())
        .build();
  }

  /** Whether an H2 I/O error is in the chain (see {@link #H2_IO}). */
  static boolean isIo(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof SQLException sql && H2_IO.contains(sql.getErrorCode())) {
        return true;
      }
    }
    return false;
  }

  static boolean isTransient(Dialect dialect, Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    return walk(dialect, failure, seen);
  }

  private static boolean walk(Dialect dialect, Throwable t, Map<Throwable, Boolean> seen) {
    if (t == null || seen.put(t, Boolean.TRUE) != null) {
      return false;
    }
    if (t instanceof SQLException sql) {
      if (dialect == Dialect.H2
          && (H2_TRANSIENT.contains(sql.getErrorCode()) || H2_IO.contains(sql.getErrorCode()))) {
        return true;
      }
      if (dialect == Dialect.POSTGRESQL && PG_TRANSIENT_STATES.contains(sql.getSQLState())) {
        return true;
      }
      if (walk(dialect, sql.getNextException(), seen)) {
        return true;
      }
    }
    for (Throwable s : t.getSuppressed()) {
      if (walk(dialect, s, seen)) {
        return true;
      }
    }
    return walk(dialect, t.getCause(), seen);
  }
}
