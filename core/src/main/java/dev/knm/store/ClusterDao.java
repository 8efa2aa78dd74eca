package dev.knm.store;

import dev.knm.cluster.ClusterQuery;
import dev.knm.cluster.ClusterState;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Clusters, their labels and states. Attach to a handle inside a store transaction. */
@RegisterRowMapper(ClusterDao.ClusterRowMapper.class)
@RegisterRowMapper(ClusterDao.StateMapper.class)
public interface ClusterDao extends SqlObject {

  String COLUMNS =
      """
      c.id, c.name, c.description, c.server, c.context_name, c.sealed_kubeconfig, c.key_id,
      c.created_at, c.updated_at, c.deleted_at""";

  /** The unique constraint on the live name (both dialects' V1 migrations name it so). */
  String LIVE_NAME_CONSTRAINT = "clusters_live_name_uq";

  /**
   * True when {@code failure} is a unique violation on the live name: another transaction took the
   * name between this one's check and its insert (PostgreSQL lets both check at once).
   */
  static boolean isLiveNameConflict(Throwable failure) {
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException sql
          && "23505".equals(sql.getSQLState())
          && String.valueOf(sql.getMessage())
              .toLowerCase(java.util.Locale.ROOT)
              .contains(LIVE_NAME_CONSTRAINT)) {
        return true;
      }
    }
    return false;
  }

  @SqlQuery("SELECT " + COLUMNS + " FROM clusters c WHERE c.name = :name AND c.deleted_at IS NULL")
  Optional<ClusterRow> findLive(@Bind("name") String name);

  @SqlQuery("SELECT " + COLUMNS + " FROM clusters c WHERE c.id = :id")
  Optional<ClusterRow> findById(@Bind("id") UUID id);

  /** Every row that still holds a sealed kubeconfig, live or soft-deleted. */
  @SqlQuery(
      "SELECT " + COLUMNS + " FROM clusters c WHERE c.sealed_kubeconfig IS NOT NULL ORDER BY c.id")
  List<ClusterRow> allSealed();

  @SqlUpdate(
      """
      INSERT INTO clusters (id, name, description, server, context_name, sealed_kubeconfig, key_id,
                            created_at, updated_at)
      VALUES (:id, :name, :description, :server, :context, :sealed, :keyId, :now, :now)""")
  void insert(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("description") String description,
      @Bind("server") String server,
      @Bind("context") String context,
      @Bind("sealed") byte[] sealed,
      @Bind("keyId") String keyId,
      @Bind("now") Instant now);

  @SqlUpdate(
      """
      UPDATE clusters SET description = :description, server = :server, context_name = :context,
             sealed_kubeconfig = :sealed, key_id = :keyId, updated_at = :now
      WHERE id = :id""")
  int replace(
      @Bind("id") UUID id,
      @Bind("description") String description,
      @Bind("server") String server,
      @Bind("context") String context,
      @Bind("sealed") byte[] sealed,
      @Bind("keyId") String keyId,
      @Bind("now") Instant now);

  /** Key ids other than {@code keyId} that still seal some row: a store is sealed with one key. */
  @SqlQuery(
      """
      SELECT DISTINCT key_id FROM clusters
      WHERE sealed_kubeconfig IS NOT NULL AND key_id <> :keyId
      ORDER BY key_id""")
  List<String> otherKeyIds(@Bind("keyId") String keyId);

  @SqlUpdate("UPDATE clusters SET sealed_kubeconfig = :sealed, key_id = :keyId WHERE id = :id")
  int reseal(@Bind("id") UUID id, @Bind("sealed") byte[] sealed, @Bind("keyId") String keyId);

  @SqlUpdate(
      "UPDATE clusters SET deleted_at = :now, updated_at = :now"
          + " WHERE id = :id AND deleted_at IS NULL")
  int softDelete(@Bind("id") UUID id, @Bind("now") Instant now);

  /** Erases the sealed kubeconfig for good. */
  @SqlUpdate("UPDATE clusters SET sealed_kubeconfig = NULL, key_id = NULL WHERE id = :id")
  int eraseSealed(@Bind("id") UUID id);

  @SqlUpdate("DELETE FROM cluster_labels WHERE cluster_id = :id")
  int deleteLabels(@Bind("id") UUID id);

  @SqlUpdate("INSERT INTO cluster_labels (cluster_id, label_key, label_value) VALUES (:id, :k, :v)")
  void insertLabel(@Bind("id") UUID id, @Bind("k") String key, @Bind("v") String value);

  default void replaceLabels(UUID id, Map<String, String> labels) {
    deleteLabels(id);
    new TreeMap<>(labels).forEach((k, v) -> insertLabel(id, k, v));
  }

  default Map<String, String> labels(UUID id) {
    return labelsOf(List.of(id)).getOrDefault(id, Map.of());
  }

  default Map<UUID, Map<String, String>> labelsOf(Collection<UUID> ids) {
    try {
      return ClusterReads.labelsOf(getHandle().getConnection(), ids);
    } catch (SQLException e) {
      throw new Store.StoreSqlException(e);
    }
  }

  @SqlQuery("SELECT * FROM cluster_states WHERE cluster_id = :id")
  Optional<ClusterState> state(@Bind("id") UUID id);

  @SqlUpdate("DELETE FROM cluster_states WHERE cluster_id = :id")
  int deleteState(@Bind("id") UUID id);

  @SqlUpdate(
      """
      INSERT INTO cluster_states (cluster_id, status, node_count, ready_nodes, cpu_millis,
          memory_bytes, gpus, kubernetes_version, last_heartbeat, last_error, checked_at,
          timeout_count)
      VALUES (:s.clusterId, :status, :s.nodeCount, :s.readyNodes, :s.cpuMillis, :s.memoryBytes,
          :s.gpus, :s.kubernetesVersion, :s.lastHeartbeat, :s.lastError, :s.checkedAt,
          :s.timeoutCount)""")
  void insertState(
      @org.jdbi.v3.sqlobject.customizer.BindMethods("s") ClusterState state,
      @Bind("status") String status);

  default void putState(ClusterState state) {
    deleteState(state.clusterId());
    insertState(state, state.status().name());
  }

  @SqlUpdate("UPDATE cluster_states SET timeout_count = timeout_count + :n WHERE cluster_id = :id")
  int addTimeouts(@Bind("id") UUID id, @Bind("n") long n);

  /** One page of live clusters matching every filter of {@code q}, ordered by name. */
  default List<StoredCluster> list(ClusterQuery q) {
    try {
      return ClusterReads.list(getHandle().getConnection(), q);
    } catch (SQLException e) {
      throw new Store.StoreSqlException(e);
    }
  }

  /** How many live clusters match {@code q} (all pages). */
  default long count(ClusterQuery q) {
    try {
      return ClusterReads.count(getHandle().getConnection(), q);
    } catch (SQLException e) {
      throw new Store.StoreSqlException(e);
    }
  }

  /** Row mapper for {@link ClusterRow}. */
  class ClusterRowMapper implements org.jdbi.v3.core.mapper.RowMapper<ClusterRow> {
    @Override
    public ClusterRow map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
        throws java.sql.SQLException {
      return Mappers.CLUSTER.map(rs, ctx);
    }
  }

  /** Row mapper for {@link ClusterState} (table cluster_states). */
  class StateMapper implements org.jdbi.v3.core.mapper.RowMapper<ClusterState> {
    @Override
    public ClusterState map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
        throws java.sql.SQLException {
      return Mappers.STATE.map(rs, ctx);
    }
  }
}
