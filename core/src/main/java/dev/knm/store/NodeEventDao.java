package dev.knm.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Node changes recorded by a watch (table node_events). Attach inside a store transaction. */
@RegisterRowMapper(NodeEventDao.RowMapper.class)
public interface NodeEventDao extends SqlObject {

  /** One batch: a burst of changes is one statement batch in one transaction. */
  @SqlBatch(
      """
      INSERT INTO node_events (cluster_id, node, event_type, field, old_value, new_value,
          resource_version, catch_up, flap_count, observed_at)
      VALUES (:clusterId, :node, :eventType, :field, :oldValue, :newValue, :resourceVersion,
          :catchUp, :flapCount, :observedAt)""")
  void insert(@BindMethods List<NodeEventRow> rows);

  /**
   * The newest {@code limit} events of live clusters, newest first, optionally of one cluster, one
   * node, or since a time (null: any).
   */
  @SqlQuery(
      """
      SELECT e.cluster_id, c.name AS cluster, e.node, e.event_type, e.field, e.old_value,
             e.new_value, e.resource_version, e.catch_up, e.flap_count, e.observed_at
      FROM node_events e JOIN clusters c ON c.id = e.cluster_id
      WHERE c.deleted_at IS NULL
        AND (CAST(:cluster AS VARCHAR(63)) IS NULL OR c.name = :cluster)
        AND (CAST(:node AS VARCHAR(253)) IS NULL OR e.node = :node)
        AND (CAST(:since AS TIMESTAMP WITH TIME ZONE) IS NULL OR e.observed_at >= :since)
      ORDER BY e.observed_at DESC, e.id DESC
      LIMIT :limit""")
  List<NodeEventRow> newest(
      @Bind("cluster") String cluster,
      @Bind("node") String node,
      @Bind("since") Instant since,
      @Bind("limit") int limit);

  @SqlQuery("SELECT id FROM clusters WHERE name = :name AND deleted_at IS NULL")
  List<UUID> liveId(@Bind("name") String name);

  /** Row mapper by column name. */
  class RowMapper implements org.jdbi.v3.core.mapper.RowMapper<NodeEventRow> {
    @Override
    public NodeEventRow map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
        throws java.sql.SQLException {
      return new NodeEventRow(
          Mappers.uuid(rs, "cluster_id"),
          rs.getString("cluster"),
          rs.getString("node"),
          rs.getString("event_type"),
          rs.getString("field"),
          rs.getString("old_value"),
          rs.getString("new_value"),
          rs.getString("resource_version"),
          rs.getBoolean("catch_up"),
          rs.getObject("flap_count", Integer.class),
          Mappers.instant(rs, "observed_at"));
    }
  }
}
