package dev.knm.store;

import org.jdbi.v3.core.Handle;

/**
 * Announces cluster changes to running instances: on PostgreSQL a NOTIFY on {@link #CHANNEL}, sent
 * inside the caller's transaction so that it is delivered at commit and never for a rolled-back
 * change. H2 has no NOTIFY: instances on one machine compare the clusters' rows instead.
 */
public final class ClusterChanges {
  /** The LISTEN/NOTIFY channel. */
  public static final String CHANNEL = "knm_cluster_changes";

  private ClusterChanges() {}

  public static void announce(Handle h, Dialect dialect, ClusterChange change) {
    if (dialect != Dialect.POSTGRESQL) {
      return;
    }
    // pg_notify rather than NOTIFY: the payload is a bound parameter, not spliced SQL
    h.createQuery("SELECT pg_notify(:channel, :payload)")
        .bind("channel", CHANNEL)
        .bind("payload", change.payload())
        .mapTo(String.class)
        .list();
  }
}
