package dev.knm.store;

import dev.knm.crypto.KdfParams;
import dev.knm.crypto.PassphraseParams;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The passphrase parameters of a store sealed with a passphrase (one row, or none). */
@RegisterRowMapper(KeyParamsDao.ParamsMapper.class)
public interface KeyParamsDao extends SqlObject {
  String KDF = "argon2id";

  String SELECT =
      "SELECT kdf, salt, memory_kib, iterations, parallelism, key_id FROM key_params WHERE id = 1";

  @SqlQuery(SELECT)
  Optional<PassphraseParams> find();

  /** As {@link #find()} on plain JDBC (the read of every command that opens a kubeconfig). */
  static Optional<PassphraseParams> find(java.sql.Connection c) throws SQLException {
    try (java.sql.PreparedStatement st = c.prepareStatement(SELECT);
        ResultSet rs = st.executeQuery()) {
      return rs.next() ? Optional.of(ParamsMapper.params(rs)) : Optional.empty();
    }
  }

  /** Replaces the parameters (a rotation to a new passphrase), or stores the first. */
  default void put(PassphraseParams params, Instant now) {
    delete();
    insert(
        params.kdf().salt(),
        params.kdf().memoryKib(),
        params.kdf().iterations(),
        params.kdf().parallelism(),
        params.keyId(),
        now);
  }

  @SqlUpdate(
      """
      INSERT INTO key_params (id, kdf, salt, memory_kib, iterations, parallelism, key_id, created_at)
      VALUES (1, 'argon2id', :salt, :memoryKib, :iterations, :parallelism, :keyId, :now)""")
  void insert(
      @Bind("salt") byte[] salt,
      @Bind("memoryKib") int memoryKib,
      @Bind("iterations") int iterations,
      @Bind("parallelism") int parallelism,
      @Bind("keyId") String keyId,
      @Bind("now") Instant now);

  /** The store is sealed with a key file from now on. */
  @SqlUpdate("DELETE FROM key_params")
  int delete();

  /** A row of key_params; a KDF this version does not know is a store error, not a guess. */
  final class ParamsMapper implements RowMapper<PassphraseParams> {
    @Override
    public PassphraseParams map(ResultSet rs, StatementContext ctx) throws SQLException {
      return params(rs);
    }

    static PassphraseParams params(ResultSet rs) throws SQLException {
      String kdf = rs.getString("kdf");
      if (!KDF.equals(kdf)) {
        throw new dev.knm.error.StoreException(
            "the store's key is derived with " + kdf + ", which this knm does not know");
      }
      return new PassphraseParams(
          new KdfParams(
              rs.getBytes("salt"),
              rs.getInt("memory_kib"),
              rs.getInt("iterations"),
              rs.getInt("parallelism")),
          rs.getString("key_id"));
    }
  }
}
