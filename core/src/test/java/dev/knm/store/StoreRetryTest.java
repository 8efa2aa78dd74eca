package dev.knm.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;

class StoreRetryTest {
  @Test
  void h2HandOverAndLockErrorsAreTransientAnywhereInTheCauseChain() {
    SQLException inUse = new SQLException("Database may be already in use", "90020", 90020);
    assertThat(StoreRetry.isTransient(Dialect.H2, new ConnectionException(inUse))).isTrue();
    assertThat(StoreRetry.isTransient(Dialect.H2, new SQLException("lock", "HYT00", 50200)))
        .isTrue();
    assertThat(StoreRetry.isTransient(Dialect.H2, new SQLException("faster", "08000", 8000)))
        .isTrue();
  }

  @Test
  void constraintViolationsAndUnreachablePostgresAreNotRetried() {
    assertThat(StoreRetry.isTransient(Dialect.H2, new SQLException("dup", "23505", 23505)))
        .isFalse();
    assertThat(
            StoreRetry.isTransient(
                Dialect.POSTGRESQL, new SQLException("Connection refused", "08001", 0)))
        .isFalse();
    assertThat(StoreRetry.isTransient(Dialect.POSTGRESQL, new SQLException("ser", "40001", 0)))
        .isTrue();
    assertThat(StoreRetry.isTransient(Dialect.POSTGRESQL, new RuntimeException("x"))).isFalse();
  }
}
