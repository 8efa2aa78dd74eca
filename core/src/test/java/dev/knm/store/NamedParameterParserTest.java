package dev.knm.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cluster.ClusterQuery;
import dev.knm.cluster.ClusterStatus;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.Test;

class NamedParameterParserTest {
  private static final NamedParameterParser PARSER = new NamedParameterParser();

  private static ParsedSql parse(String sql) {
    return PARSER.parse(sql, null);
  }

  @Test
  void namedParametersBecomePlaceholdersInOrder() {
    // when
    ParsedSql p = parse("UPDATE clusters SET key_id = :keyId WHERE id = :id AND x = :keyId");
    // then
    assertThat(p.getSql()).isEqualTo("UPDATE clusters SET key_id = ? WHERE id = ? AND x = ?");
    assertThat(p.getParameters().getParameterNames()).containsExactly("keyId", "id", "keyId");
    assertThat(p.getParameters().isPositional()).isFalse();
  }

  @Test
  void quotesCastsCommentsAndOperatorsAreNotParameters() {
    // when
    ParsedSql p =
        parse(
            "SELECT ':a', \"b:c\", t::text, /* :d */ x <> :e -- :f\n"
                + " FROM t WHERE LOWER(n) LIKE :g ESCAPE '!' AND m = 'it''s :h'");
    // then
    assertThat(p.getSql())
        .isEqualTo(
            "SELECT ':a', \"b:c\", t::text, /* :d */ x <> ? -- :f\n"
                + " FROM t WHERE LOWER(n) LIKE ? ESCAPE '!' AND m = 'it''s :h'");
    assertThat(p.getParameters().getParameterNames()).containsExactly("e", "g");
  }

  @Test
  void dottedNamesBackslashEscapesAndPositionalParameters() {
    assertThat(parse("VALUES (:s.clusterId, :s.nodeCount).").getParameters().getParameterNames())
        .containsExactly("s.clusterId", "s.nodeCount");
    assertThat(parse("VALUES (:s.clusterId, :s.nodeCount).").getSql()).isEqualTo("VALUES (?, ?).");
    assertThat(parse("SELECT '\\:x', \\:y").getSql()).isEqualTo("SELECT '\\:x', :y");
    ParsedSql positional = parse("SELECT * FROM t WHERE a = ? AND b = ?");
    assertThat(positional.getSql()).isEqualTo("SELECT * FROM t WHERE a = ? AND b = ?");
    assertThat(positional.getParameters().isPositional()).isTrue();
    assertThat(positional.getParameters().getParameterCount()).isEqualTo(2);
    assertThat(parse("SELECT 1 WHERE a = : b").getSql()).isEqualTo("SELECT 1 WHERE a = : b");
    assertThat(parse("SELECT 'unterminated :x").getSql()).isEqualTo("SELECT 'unterminated :x");
  }

  @Test
  void everyStatementOfTheStoreParsesAsJdbisOwnParserDoes() {
    // given: every SQL text the store sends through Jdbi
    List<String> statements = new ArrayList<>();
    for (Method m : ClusterDao.class.getMethods()) {
      SqlQuery q = m.getAnnotation(SqlQuery.class);
      SqlUpdate u = m.getAnnotation(SqlUpdate.class);
      if (q != null) {
        statements.add(q.value());
      }
      if (u != null) {
        statements.add(u.value());
      }
    }
    assertThat(statements).hasSizeGreaterThanOrEqualTo(15);
    ClusterQuery everyFilter =
        new ClusterQuery(ClusterStatus.READY, Map.of("a", "b", "c", "d"), "x_%!", 2, 50);
    statements.add(ClusterReads.listSql(everyFilter, new java.util.LinkedHashMap<>()));
    statements.add(ClusterReads.countSql(everyFilter, new java.util.LinkedHashMap<>()));
    statements.add(ClusterReads.labelsSql(3));
    ColonPrefixSqlParser jdbi = new ColonPrefixSqlParser();
    // then
    for (String sql : statements) {
      assertThat(parse(sql)).as(sql).isEqualTo(jdbi.parse(sql, null));
    }
  }
}
