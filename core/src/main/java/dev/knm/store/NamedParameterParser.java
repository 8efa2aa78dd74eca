package dev.knm.store;

import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.SqlParser;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Finds {@code :name} parameters (and {@code ?} positional ones) in SQL text, in place of Jdbi's
 * ANTLR-based {@code ColonPrefixSqlParser}, whose lexer a cold JVM has to load and initialize
 * before the first statement. Same rules for the SQL knm writes: nothing inside {@code '...'}
 * strings, {@code "..."} identifiers or comments is a parameter; {@code ::} is a cast; a name may
 * hold dots ({@code :s.clusterId}, for bound methods); a backslash makes the next character plain
 * text, as in Jdbi.
 */
final class NamedParameterParser implements SqlParser {
  @Override
  public ParsedSql parse(String sql, StatementContext ctx) {
    ParsedSql.Builder parsed = ParsedSql.builder();
    StringBuilder text = new StringBuilder(sql.length());
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = sql.indexOf(c, i + 1);
        end = end < 0 ? n : end + 1;
        text.append(sql, i, end);
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        text.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        text.append(sql, i, end);
        i = end;
      } else if (c == '\\' && i + 1 < n) {
        text.append(sql.charAt(i + 1));
        i += 2;
      } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        text.append("::");
        i += 2;
      } else if (c == ':' && i + 1 < n && isNameChar(sql.charAt(i + 1))) {
        int end = i + 1;
        while (end < n
            && (isNameChar(sql.charAt(end))
                || (sql.charAt(end) == '.' && end + 1 < n && isNameChar(sql.charAt(end + 1))))) {
          end++;
        }
        parsed.append(text.toString()).appendNamedParameter(sql.substring(i + 1, end));
        text.setLength(0);
        i = end;
      } else if (c == '?') {
        parsed.append(text.toString()).appendPositionalParameter();
        text.setLength(0);
        i++;
      } else {
        text.append(c);
        i++;
      }
    }
    return parsed.append(text.toString()).build();
  }

  @Override
  public String nameParameter(String rawName, StatementContext ctx) {
    return ":" + rawName;
  }

  private static boolean isNameChar(char c) {
    return c == '_'
        || (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || (c > 0x7f && Character.isLetterOrDigit(c));
  }
}
