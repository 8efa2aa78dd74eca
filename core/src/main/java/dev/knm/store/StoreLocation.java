package dev.knm.store;

import dev.knm.error.UsageException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where the store is: a JDBC URL with its dialect, connection properties (user, password) and a
 * redacted form for display.
 *
 * @param jdbcUrl the URL to connect with (for H2, with LOCK_TIMEOUT added)
 * @param dialect H2 or PostgreSQL
 * @param user the user name, or null
 * @param password the password, or null (never shown)
 * @param h2File the H2 database file base path (without {@code .mv.db}) when the store is an H2
 *     file, else null
 * @param defaultLocation true when neither {@code --store} nor {@code KNM_STORE} was given
 */
public record StoreLocation(
    String jdbcUrl,
    Dialect dialect,
    String user,
    String password,
    Path h2File,
    boolean defaultLocation) {

  public static final String ENV_STORE = "KNM_STORE";
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;]password=)[^&;]*");

  /**
   * Resolves the store: the {@code --store} flag, else {@code KNM_STORE}, else the default embedded
   * H2 file {@code $XDG_DATA_HOME/knm/knm} (fallback {@code ~/.local/share/knm/knm}).
   *
   * @throws UsageException when the URL is neither {@code jdbc:h2:} nor {@code jdbc:postgresql:}
   */
  public static StoreLocation resolve(String storeFlag, Map<String, String> env) {
    if (storeFlag != null && !storeFlag.isBlank()) {
      return of(storeFlag.strip(), env, false);
    }
    String fromEnv = env.get(ENV_STORE);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return of(fromEnv.strip(), env, false);
    }
    Path file = defaultH2File(env);
    return of("jdbc:h2:file:" + file, env, true);
  }

  /** Parses an explicit store URL (no defaults). */
  public static StoreLocation of(String url, Map<String, String> env) {
    return of(url, env, false);
  }

  /** {@code $XDG_DATA_HOME/knm/knm}, else {@code $HOME/.local/share/knm/knm}. */
  public static Path defaultH2File(Map<String, String> env) {
    String xdg = env.get("XDG_DATA_HOME");
    // the XDG spec: a relative path in the variable is invalid and ignored (H2 refuses one)
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "knm", "knm");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".local", "share", "knm", "knm");
  }

  private static StoreLocation of(String url, Map<String, String> env, boolean isDefault) {
    if (url.startsWith("jdbc:h2:")) {
      return h2(url, isDefault);
    }
    if (url.startsWith("jdbc:postgresql://")) {
      return postgres(url, env);
    }
    throw new UsageException(
        "unsupported store URL '"
            + redact(url)
            + "': expected jdbc:h2:FILE or jdbc:postgresql://HOST[:PORT]/DB");
  }

  private static StoreLocation h2(String url, boolean isDefault) {
    String rest = url.substring("jdbc:h2:".length());
    int semi = rest.indexOf(';');
    String target = semi < 0 ? rest : rest.substring(0, semi);
    String settings = semi < 0 ? "" : rest.substring(semi);
    if (target.isBlank()) {
      throw new UsageException("unsupported store URL '" + url + "': the H2 URL names no database");
    }
    boolean remoteOrMemory =
        target.startsWith("mem:") || target.startsWith("tcp:") || target.startsWith("ssl:");
    Path file = null;
    String upper = settings.toUpperCase(java.util.Locale.ROOT);
    StringBuilder full = new StringBuilder(url);
    if (!remoteOrMemory) {
      String path = target.startsWith("file:") ? target.substring("file:".length()) : target;
      if (path.startsWith("~")) {
        path = System.getProperty("user.home") + path.substring(1);
      }
      file = Path.of(path).toAbsolutePath();
    }
    if (!upper.contains(";LOCK_TIMEOUT=")) {
      full.append(";LOCK_TIMEOUT=10000");
    }
    String user = paramValue(settings, "USER");
    String password = paramValue(settings, "PASSWORD");
    return new StoreLocation(full.toString(), Dialect.H2, user, password, file, isDefault);
  }

  private static StoreLocation postgres(String url, Map<String, String> env) {
    String query = url.indexOf('?') < 0 ? "" : url.substring(url.indexOf('?'));
    String user = paramValue(query, "user");
    String password = paramValue(query, "password");
    if (user == null) {
      user = env.get("PGUSER");
    }
    if (password == null) {
      password = env.get("PGPASSWORD");
    }
    return new StoreLocation(url, Dialect.POSTGRESQL, user, password, null, false);
  }

  private static String paramValue(String params, String name) {
    var m = Pattern.compile("(?i)[?&;]" + Pattern.quote(name) + "=([^&;]*)").matcher(params);
    return m.find() ? m.group(1) : null;
  }

  /**
   * True for an H2 file opened without AUTO_SERVER: the store connects for each operation and
   * closes the file after it, under {@link ProcessLock}, so that several knm processes can take
   * turns with it. With {@code AUTO_SERVER=TRUE} in the URL, the first process keeps the file open
   * and serves the others, as H2 does.
   */
  public boolean connectionPerOperation() {
    return h2File != null
        && !jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains(";AUTO_SERVER=TRUE");
  }

  /** The URL with any password replaced by {@code ***}: safe to print. */
  public String redacted() {
    return redact(jdbcUrl);
  }

  /** {@code url} with its password (query parameter) shown as ***. */
  public static String redact(String url) {
    return PASSWORD_PARAM.matcher(url).replaceAll("$1***");
  }

  /** Connection properties for {@link java.sql.DriverManager}: user and password when known. */
  Properties connectionProperties() {
    Properties p = new Properties();
    if (user != null && dialect == Dialect.POSTGRESQL) {
      p.setProperty("user", user);
    }
    if (password != null && dialect == Dialect.POSTGRESQL) {
      p.setProperty("password", password);
    }
    if (dialect == Dialect.POSTGRESQL && !jdbcUrl.contains("connectTimeout=")) {
      p.setProperty("connectTimeout", "10");
    }
    return p;
  }

  @Override
  public String toString() {
    return "StoreLocation[" + redacted() + "]";
  }
}
