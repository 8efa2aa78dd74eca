package dev.knm.store;

import dev.knm.cluster.ClusterQuery;
import dev.knm.cluster.ClusterState;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
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

  /** The list query does not read sealed bytes: lists never need the key. */
  /** A cluster's state, joined as {@code s}, its columns prefixed {@code s_}. */
  String STATE_COLUMNS =
      """
      s.status AS s_status, s.node_count AS s_node_count, s.ready_nodes AS s_ready_nodes,
      s.cpu_millis AS s_cpu_millis, s.memory_bytes AS s_memory_bytes, s.gpus AS s_gpus,
      s.kubernetes_version AS s_kubernetes_version, s.last_heartbeat AS s_last_heartbeat,
      s.last_error AS s_last_error, s.checked_at AS s_checked_at,
      s.timeout_count AS s_timeout_count""";

  String LIST_COLUMNS =
      """
      c.id, c.name, c.description, c.server, c.context_name, NULL AS sealed_kubeconfig, c.key_id,
      c.created_at, c.updated_at, c.deleted_at, """
          + STATE_COLUMNS;

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
    return labelsOf(getHandle(), ids);
  }

  /** {@link #labelsOf(Collection)} on a handle, without attaching the DAO. */
  static Map<UUID, Map<String, String>> labelsOf(Handle handle, Collection<UUID> ids) {
    Map<UUID, Map<String, String>> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    Query query = handle.createQuery(labelsSql(ids.size()));
    int i = 0;
    for (UUID id : ids) {
      query.bind("id" + i++, id);
    }
    query
        .map(
            (rs, ctx) -> {
              out.computeIfAbsent(Mappers.uuid(rs, "cluster_id"), k -> new TreeMap<>())
                  .put(rs.getString("label_key"), rs.getString("label_value"));
              return null;
            })
        .list();
    return out;
  }

  /**
   * The labels query for {@code count} ids bound as {@code :id0, :id1, ...}: the store's Jdbi
   * renders no templates (no {@code <ids>} with bindList), see {@link Store}.
   */
  static String labelsSql(int count) {
    StringJoiner in = new StringJoiner(", ", "(", ")");
    for (int i = 0; i < count; i++) {
      in.add(":id" + i);
    }
    return "SELECT cluster_id, label_key, label_value FROM cluster_labels WHERE cluster_id IN "
        + in
        + " ORDER BY label_key";
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

  @SqlUpdate("UPDATE cluster_states SET timeout_count = timeout_count + 1 WHERE cluster_id = :id")
  int incrementTimeouts(@Bind("id") UUID id);

  /** One page of live clusters matching every filter of {@code q}, ordered by name. */
  default List<StoredCluster> list(ClusterQuery q) {
    return list(getHandle(), q);
  }

  /**
   * {@link #list(ClusterQuery)} on a handle, without attaching the DAO: {@code knm list} runs only
   * this and {@link #count(Handle, ClusterQuery)}, and attaching (the SqlObject proxy, its method
   * handlers and their annotations) is a tenth of its start-up.
   */
  static List<StoredCluster> list(Handle handle, ClusterQuery q) {
    Map<String, Object> binds = new LinkedHashMap<>();
    Query query = handle.createQuery(listSql(q, binds));
    binds.forEach(query::bind);
    return stored(handle, query);
  }

  /**
   * Live clusters named in {@code names} (every live cluster when it is empty), by name, with their
   * sealed kubeconfig, labels and state: one query on a handle, no DAO attach (SqlObject costs
   * hundreds of classes on a cold JVM), for the commands that talk to clusters.
   */
  static List<StoredCluster> findLiveSealed(Handle handle, Collection<String> names) {
    StringJoiner in = new StringJoiner(", ", " AND c.name IN (", ")");
    for (int i = 0; i < names.size(); i++) {
      in.add(":n" + i);
    }
    Query query =
        handle.createQuery(
            "SELECT "
                + COLUMNS
                + ", "
                + STATE_COLUMNS
                + " FROM clusters c LEFT JOIN cluster_states s ON s.cluster_id = c.id"
                + " WHERE c.deleted_at IS NULL"
                + (names.isEmpty() ? "" : in.toString())
                + " ORDER BY c.name");
    int i = 0;
    for (String name : names) {
      query.bind("n" + i++, name);
    }
    return stored(handle, query);
  }

  /** Rows of a query selecting clusters {@code c} and states {@code s_}, with their labels. */
  private static List<StoredCluster> stored(Handle handle, Query query) {
    List<Object[]> rows =
        query
            .map(
                (rs, ctx) -> {
                  ClusterRow row = Mappers.CLUSTER.map(rs, ctx);
                  return new Object[] {row, Mappers.state(rs, "s_", row.id())};
                })
            .list();
    Map<UUID, Map<String, String>> labels =
        labelsOf(handle, rows.stream().map(r -> ((ClusterRow) r[0]).id()).toList());
    return rows.stream()
        .map(
            r -> {
              ClusterRow row = (ClusterRow) r[0];
              return new StoredCluster(
                  row, labels.getOrDefault(row.id(), Map.of()), (ClusterState) r[1]);
            })
        .toList();
  }

  /** How many live clusters match {@code q} (all pages). */
  default long count(ClusterQuery q) {
    return count(getHandle(), q);
  }

  /** {@link #count(ClusterQuery)} on a handle, without attaching the DAO. */
  static long count(Handle handle, ClusterQuery q) {
    Map<String, Object> binds = new LinkedHashMap<>();
    Query query = handle.createQuery(countSql(q, binds));
    binds.forEach(query::bind);
    return query.mapTo(Long.class).one();
  }

  /** The page query of {@code q}; its parameters are put in {@code binds}. */
  static String listSql(ClusterQuery q, Map<String, Object> binds) {
    String where = where(q, binds);
    binds.put("limit", (long) Math.max(q.limit(), 0));
    binds.put("offset", (long) (Math.max(q.page(), 1) - 1) * Math.max(q.limit(), 0));
    return "SELECT "
        + LIST_COLUMNS
        + " FROM clusters c LEFT JOIN cluster_states s ON s.cluster_id = c.id"
        + where
        + " ORDER BY c.name LIMIT :limit OFFSET :offset";
  }

  /** The count query of {@code q}; its parameters are put in {@code binds}. */
  static String countSql(ClusterQuery q, Map<String, Object> binds) {
    return "SELECT COUNT(*) FROM clusters c LEFT JOIN cluster_states s ON s.cluster_id = c.id"
        + where(q, binds);
  }

  private static String where(ClusterQuery q, Map<String, Object> binds) {
    StringBuilder w = new StringBuilder(" WHERE c.deleted_at IS NULL");
    if (q.status() != null) {
      w.append(" AND COALESCE(s.status, 'UNKNOWN') = :status");
      binds.put("status", q.status().name());
    }
    if (q.search() != null && !q.search().isEmpty()) {
      String escaped =
          q.search()
              .toLowerCase(Locale.ROOT)
              .replace("!", "!!")
              .replace("%", "!%")
              .replace("_", "!_");
      w.append(
          " AND (LOWER(c.name) LIKE :search ESCAPE '!'"
              + " OR LOWER(COALESCE(c.description, '')) LIKE :search ESCAPE '!')");
      binds.put("search", "%" + escaped + "%");
    }
    int i = 0;
    for (Map.Entry<String, String> label : new TreeMap<>(q.labels()).entrySet()) {
      w.append(
          " AND EXISTS (SELECT 1 FROM cluster_labels l WHERE l.cluster_id = c.id"
              + " AND l.label_key = :lk"
              + i
              + " AND l.label_value = :lv"
              + i
              + ")");
      binds.put("lk" + i, label.getKey());
      binds.put("lv" + i, label.getValue());
      i++;
    }
    return w.toString();
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
