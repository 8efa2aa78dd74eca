package dev.knm.store;

import dev.knm.cluster.ClusterState;
import dev.knm.cluster.ClusterStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Small row mappers, by column name. */
final class Mappers {
  private Mappers() {}

  static final RowMapper<ClusterRow> CLUSTER = (rs, ctx) -> cluster(rs);

  /** Maps the clusters columns of the current row. */
  static ClusterRow cluster(ResultSet rs) throws SQLException {
    return new ClusterRow(
        uuid(rs, "id"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("server"),
        rs.getString("context_name"),
        rs.getBytes("sealed_kubeconfig"),
        rs.getString("key_id"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "deleted_at"));
  }

  /** Maps cluster_states columns named {@code prefix + column}; UNKNOWN when there is no row. */
  static ClusterState state(ResultSet rs, String p, UUID clusterId) throws SQLException {
    String status = rs.getString(p + "status");
    if (status == null) {
      return ClusterState.unknown(clusterId);
    }
    return new ClusterState(
        clusterId,
        ClusterStatus.valueOf(status),
        rs.getObject(p + "node_count", Integer.class),
        rs.getObject(p + "ready_nodes", Integer.class),
        rs.getObject(p + "cpu_millis", Long.class),
        rs.getObject(p + "memory_bytes", Long.class),
        rs.getObject(p + "gpus", Long.class),
        rs.getString(p + "kubernetes_version"),
        instant(rs, p + "last_heartbeat"),
        rs.getString(p + "last_error"),
        instant(rs, p + "checked_at"),
        rs.getLong(p + "timeout_count"));
  }

  static final RowMapper<ClusterState> STATE =
      (ResultSet rs, StatementContext ctx) -> state(rs, "", uuid(rs, "cluster_id"));

  static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
