package dev.knm.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The drain journal: drains, their nodes and pods. Attach inside a store transaction. */
@RegisterRowMapper(DrainJournalDao.DrainMapper.class)
@RegisterRowMapper(DrainJournalDao.NodeMapper.class)
@RegisterRowMapper(DrainJournalDao.PodMapper.class)
public interface DrainJournalDao extends SqlObject {

  @SqlUpdate(
      """
      INSERT INTO drains (id, cluster_name, status, os_user, host, pid, command, started_at,
                          updated_at)
      VALUES (:id, :cluster, :status, :user, :host, :pid, :command, :now, :now)""")
  void insertDrain(
      @Bind("id") UUID id,
      @Bind("cluster") String cluster,
      @Bind("status") String status,
      @Bind("user") String user,
      @Bind("host") String host,
      @Bind("pid") long pid,
      @Bind("command") String command,
      @Bind("now") Instant now);

  /** A resumed drain is run by another process: it takes the drain over. */
  @SqlUpdate(
      """
      UPDATE drains SET status = :status, os_user = :user, host = :host, pid = :pid,
             updated_at = :now, finished_at = NULL
      WHERE id = :id""")
  int takeOver(
      @Bind("id") UUID id,
      @Bind("status") String status,
      @Bind("user") String user,
      @Bind("host") String host,
      @Bind("pid") long pid,
      @Bind("now") Instant now);

  @SqlUpdate("UPDATE drains SET status = :status, updated_at = :now WHERE id = :id")
  int setDrainStatus(@Bind("id") UUID id, @Bind("status") String status, @Bind("now") Instant now);

  @SqlUpdate(
      "UPDATE drains SET status = :status, updated_at = :now, finished_at = :now WHERE id = :id")
  int finishDrain(@Bind("id") UUID id, @Bind("status") String status, @Bind("now") Instant now);

  @SqlQuery("SELECT * FROM drains WHERE id = :id")
  Optional<DrainRow> drain(@Bind("id") UUID id);

  /** The latest drain of {@code cluster}'s {@code node} that did not end (newest first). */
  @SqlQuery(
      """
      SELECT d.* FROM drains d JOIN drain_nodes n ON n.drain_id = d.id
      WHERE d.cluster_name = :cluster AND n.node = :node
        AND d.status IN ('running', 'interrupted')
        AND n.status NOT IN ('drained', 'failed')
      ORDER BY d.started_at DESC""")
  List<DrainRow> unfinished(@Bind("cluster") String cluster, @Bind("node") String node);

  @SqlQuery("SELECT * FROM drains WHERE cluster_name = :cluster ORDER BY started_at")
  List<DrainRow> drains(@Bind("cluster") String cluster);

  @SqlUpdate(
      """
      UPDATE drain_nodes SET status = :status, message = :message, updated_at = :now
      WHERE drain_id = :id AND node = :node""")
  int updateNode(
      @Bind("id") UUID id,
      @Bind("node") String node,
      @Bind("status") String status,
      @Bind("message") String message,
      @Bind("now") Instant now);

  @SqlUpdate(
      """
      INSERT INTO drain_nodes (drain_id, node, status, message, updated_at)
      VALUES (:id, :node, :status, :message, :now)""")
  void insertNode(
      @Bind("id") UUID id,
      @Bind("node") String node,
      @Bind("status") String status,
      @Bind("message") String message,
      @Bind("now") Instant now);

  default void putNode(UUID id, String node, String status, String message, Instant now) {
    if (updateNode(id, node, status, message, now) == 0) {
      insertNode(id, node, status, message, now);
    }
  }

  @SqlQuery("SELECT * FROM drain_nodes WHERE drain_id = :id ORDER BY node")
  List<DrainNodeRow> nodes(@Bind("id") UUID id);

  @SqlUpdate(
      """
      UPDATE drain_pods SET state = :state, attempts = :attempts, message = :message,
             updated_at = :now
      WHERE drain_id = :id AND uid = :uid""")
  int updatePod(
      @Bind("id") UUID id,
      @Bind("uid") String uid,
      @Bind("state") String state,
      @Bind("attempts") int attempts,
      @Bind("message") String message,
      @Bind("now") Instant now);

  @SqlUpdate(
      """
      INSERT INTO drain_pods (drain_id, node, namespace, name, uid, state, attempts, message,
                              updated_at)
      VALUES (:id, :node, :namespace, :name, :uid, :state, :attempts, :message, :now)""")
  void insertPod(
      @Bind("id") UUID id,
      @Bind("node") String node,
      @Bind("namespace") String namespace,
      @Bind("name") String name,
      @Bind("uid") String uid,
      @Bind("state") String state,
      @Bind("attempts") int attempts,
      @Bind("message") String message,
      @Bind("now") Instant now);

  default void putPod(DrainPodRow p) {
    if (updatePod(p.drainId(), p.uid(), p.state(), p.attempts(), p.message(), p.updatedAt()) == 0) {
      insertPod(
          p.drainId(),
          p.node(),
          p.namespace(),
          p.name(),
          p.uid(),
          p.state(),
          p.attempts(),
          p.message(),
          p.updatedAt());
    }
  }

  @SqlQuery(
      "SELECT * FROM drain_pods WHERE drain_id = :id AND node = :node ORDER BY namespace, name")
  List<DrainPodRow> pods(@Bind("id") UUID id, @Bind("node") String node);

  /** Row mapper for {@link DrainRow}. */
  class DrainMapper implements RowMapper<DrainRow> {
    @Override
    public DrainRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new DrainRow(
          Mappers.uuid(rs, "id"),
          rs.getString("cluster_name"),
          rs.getString("status"),
          rs.getString("os_user"),
          rs.getString("host"),
          rs.getLong("pid"),
          rs.getString("command"),
          Mappers.instant(rs, "started_at"),
          Mappers.instant(rs, "updated_at"),
          Mappers.instant(rs, "finished_at"));
    }
  }

  /** Row mapper for {@link DrainNodeRow}. */
  class NodeMapper implements RowMapper<DrainNodeRow> {
    @Override
    public DrainNodeRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new DrainNodeRow(
          Mappers.uuid(rs, "drain_id"),
          rs.getString("node"),
          rs.getString("status"),
          rs.getString("message"),
          Mappers.instant(rs, "updated_at"));
    }
  }

  /** Row mapper for {@link DrainPodRow}. */
  class PodMapper implements RowMapper<DrainPodRow> {
    @Override
    public DrainPodRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new DrainPodRow(
          Mappers.uuid(rs, "drain_id"),
          rs.getString("node"),
          rs.getString("namespace"),
          rs.getString("name"),
          rs.getString("uid"),
          rs.getString("state"),
          rs.getInt("attempts"),
          rs.getString("message"),
          Mappers.instant(rs, "updated_at"));
    }
  }
}
