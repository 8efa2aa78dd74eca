package dev.knm.audit;

import dev.knm.store.AuditDao;
import dev.knm.store.AuditRow;
import dev.knm.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The audit log of mutating commands (cordon, uncordon, drain, import, remove, rotate-key). */
public final class AuditLog {
  static final int MAX_TEXT = 4096;
  static final int MAX_LINE = 8192;

  private final Store store;
  private final Clock clock;

  public AuditLog(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Writes one row, now. */
  public void record(AuditEntry e) {
    Instant now = clock.instant();
    store.inTransaction(
        h -> {
          h.attach(AuditDao.class)
              .insert(
                  now,
                  cut(e.who().user(), 256),
                  cut(e.who().host(), 256),
                  e.command(),
                  e.cluster(),
                  cut(e.target(), MAX_TEXT),
                  cut(e.commandLine(), MAX_LINE),
                  e.outcome(),
                  e.exitCode(),
                  cut(e.message(), MAX_TEXT));
          return null;
        });
  }

  /** Rows since {@code since} (of one cluster unless null), oldest first. */
  public List<AuditRow> list(Instant since, String cluster) {
    return store.read(h -> h.attach(AuditDao.class).list(since, cluster));
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
