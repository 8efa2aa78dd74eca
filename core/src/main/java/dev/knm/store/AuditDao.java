package dev.knm.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The audit log of mutating commands. Attach inside a store transaction. */
@RegisterRowMapper(AuditDao.AuditMapper.class)
public interface AuditDao extends SqlObject {

  @SqlUpdate(
      """
      INSERT INTO audit_log (occurred_at, os_user, host, command_name, cluster_name, target,
                             command_line, outcome, exit_code, message)
      VALUES (:at, :user, :host, :command, :cluster, :target, :line, :outcome, :exit, :message)""")
  void insert(
      @Bind("at") Instant at,
      @Bind("user") String user,
      @Bind("host") String host,
      @Bind("command") String commandName,
      @Bind("cluster") String cluster,
      @Bind("target") String target,
      @Bind("line") String commandLine,
      @Bind("outcome") String outcome,
      @Bind("exit") int exitCode,
      @Bind("message") String message);

  @SqlQuery("SELECT * FROM audit_log WHERE occurred_at >= :since ORDER BY occurred_at, id")
  List<AuditRow> since(@Bind("since") Instant since);

  @SqlQuery(
      """
      SELECT * FROM audit_log WHERE occurred_at >= :since AND cluster_name = :cluster
      ORDER BY occurred_at, id""")
  List<AuditRow> sinceFor(@Bind("since") Instant since, @Bind("cluster") String cluster);

  /**
   * Rows at or after {@code since}, of one cluster unless {@code cluster} is null; oldest first.
   */
  default List<AuditRow> list(Instant since, String cluster) {
    return cluster == null ? since(since) : sinceFor(since, cluster);
  }

  /** Row mapper for {@link AuditRow}. */
  class AuditMapper implements RowMapper<AuditRow> {
    @Override
    public AuditRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new AuditRow(
          rs.getLong("id"),
          Mappers.instant(rs, "occurred_at"),
          rs.getString("os_user"),
          rs.getString("host"),
          rs.getString("command_name"),
          rs.getString("cluster_name"),
          rs.getString("target"),
          rs.getString("command_line"),
          rs.getString("outcome"),
          rs.getInt("exit_code"),
          rs.getString("message"));
    }
  }
}
