package dev.knm.store;

import dev.knm.cluster.ClusterQuery;
import dev.knm.cluster.ClusterState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.statement.ParsedSql;

/**
 * The cluster reads of the commands run most often, `knm list` and the commands that talk to
 * clusters, on plain JDBC (see {@link Store#readJdbc}): a cold JVM spends more on setting Jdbi up
 * (its configuration registry, argument and mapper factories, slf4j) and on its first statement
 * than on these queries. The SQL keeps {@code :name} parameters, found by {@link
 * NamedParameterParser} as Jdbi would.
 */
public final class ClusterReads {
  /** A cluster's state, joined as {@code s}, its columns prefixed {@code s_}. */
  static final String STATE_COLUMNS =
      """
      s.status AS s_status, s.node_count AS s_node_count, s.ready_nodes AS s_ready_nodes,
      s.cpu_millis AS s_cpu_millis, s.memory_bytes AS s_memory_bytes, s.gpus AS s_gpus,
      s.kubernetes_version AS s_kubernetes_version, s.last_heartbeat AS s_last_heartbeat,
      s.last_error AS s_last_error, s.checked_at AS s_checked_at,
      s.timeout_count AS s_timeout_count""";

  /** The list query does not read sealed bytes: lists never need the key. */
  static final String LIST_COLUMNS =
      """
      c.id, c.name, c.description, c.server, c.context_name, NULL AS sealed_kubeconfig, c.key_id,
      c.created_at, c.updated_at, c.deleted_at, """
          + STATE_COLUMNS;

  private static final NamedParameterParser PARSER = new NamedParameterParser();

  private ClusterReads() {}

  /** One page of live clusters matching every filter of {@code q}, ordered by name. */
  public static List<StoredCluster> list(Connection c, ClusterQuery q) throws SQLException {
    Map<String, Object> binds = new LinkedHashMap<>();
    return stored(c, listSql(q, binds), binds);
  }

  /** How many live clusters match {@code q} (all pages). */
  public static long count(Connection c, ClusterQuery q) throws SQLException {
    Map<String, Object> binds = new LinkedHashMap<>();
    try (PreparedStatement st = prepare(c, countSql(q, binds), binds);
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Live clusters named in {@code names} (every live cluster when it is empty), by name, with their
   * sealed kubeconfig, labels and state: one query, for the commands that talk to clusters.
   */
  public static List<StoredCluster> findLiveSealed(Connection c, Collection<String> names)
      throws SQLException {
    StringJoiner in = new StringJoiner(", ", " AND c.name IN (", ")");
    Map<String, Object> binds = new LinkedHashMap<>();
    for (String name : names) {
      in.add(":n" + binds.size());
      binds.put("n" + binds.size(), name);
    }
    return stored(
        c,
        "SELECT "
            + ClusterDao.COLUMNS
            + ", "
            + STATE_COLUMNS
            + " FROM clusters c LEFT JOIN cluster_states s ON s.cluster_id = c.id"
            + " WHERE c.deleted_at IS NULL"
            + (names.isEmpty() ? "" : in.toString())
            + " ORDER BY c.name",
        binds);
  }

  /** The labels of each of {@code ids} that has any. */
  static Map<UUID, Map<String, String>> labelsOf(Connection c, Collection<UUID> ids)
      throws SQLException {
    Map<UUID, Map<String, String>> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    Map<String, Object> binds = new LinkedHashMap<>();
    for (UUID id : ids) {
      binds.put("id" + binds.size(), id);
    }
    try (PreparedStatement st = prepare(c, labelsSql(ids.size()), binds);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        out.computeIfAbsent(Mappers.uuid(rs, "cluster_id"), k -> new TreeMap<>())
            .put(rs.getString("label_key"), rs.getString("label_value"));
      }
    }
    return out;
  }

  /** Rows of a query selecting clusters {@code c} and states {@code s_}, with their labels. */
  private static List<StoredCluster> stored(Connection c, String sql, Map<String, Object> binds)
      throws SQLException {
    List<ClusterRow> rows = new ArrayList<>();
    List<ClusterState> states = new ArrayList<>();
    try (PreparedStatement st = prepare(c, sql, binds);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        ClusterRow row = Mappers.cluster(rs);
        rows.add(row);
        states.add(Mappers.state(rs, "s_", row.id()));
      }
    }
    Map<UUID, Map<String, String>> labels = labelsOf(c, rows.stream().map(ClusterRow::id).toList());
    List<StoredCluster> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      ClusterRow row = rows.get(i);
      out.add(new StoredCluster(row, labels.getOrDefault(row.id(), Map.of()), states.get(i)));
    }
    return out;
  }

  /** {@code sql} with its {@code :name} parameters bound from {@code binds}. */
  private static PreparedStatement prepare(Connection c, String sql, Map<String, Object> binds)
      throws SQLException {
    ParsedSql parsed = PARSER.parse(sql, null);
    List<String> names = parsed.getParameters().getParameterNames();
    PreparedStatement st = c.prepareStatement(parsed.getSql());
    try {
      for (int i = 0; i < names.size(); i++) {
        if (!binds.containsKey(names.get(i))) {
          throw new IllegalArgumentException("no value bound for :" + names.get(i));
        }
        st.setObject(i + 1, binds.get(names.get(i)));
      }
      return st;
    } catch (SQLException | RuntimeException e) {
      st.close();
      throw e;
    }
  }

  /**
   * The labels query for {@code count} ids bound as {@code :id0, :id1, ...} (no templates: see
   * {@link Store}).
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
}
