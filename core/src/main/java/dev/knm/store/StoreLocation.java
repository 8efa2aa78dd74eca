package dev.knm.store;

import dev.knm.error.ErrorText;
import dev.knm.error.UsageException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)([?&;](?:password|sslpassword)=)[^&;]*");

  /**
   * Resolves the store: the {@code --store} flag, else {@code KNM_STORE}, else the default embedded
   * H2 file {@code $XDG_DATA_HOME/knm/knm} (fallback {@code ~/.local/share/knm/knm}).
   *
   * @throws UsageException when the URL is not {@code jdbc:h2:file:} with an absolute path and only
   *     {@link #H2_SETTINGS}, nor {@code jdbc:postgresql://} with only {@link #POSTGRES_PARAMETERS}
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
            + shown(url)
            + "': expected jdbc:h2:file:PATH or jdbc:postgresql://HOST[:PORT]/DB");
  }

  /**
   * H2 settings a store URL may carry. Everything else is refused: H2 runs SQL from its URL (INIT,
   * with RUNSCRIPT and CREATE ALIAS that calls Java), writes trace files where told, opens TCP
   * servers (AUTO_SERVER listens on every interface) and other file systems (zip:, nio*:, split:,
   * mem:), none of which knm needs. knm adds LOCK_TIMEOUT itself, and ACCESS_MODE_DATA=r for reads
   * after this check.
   */
  static final Set<String> H2_SETTINGS = Set.of("USER", "PASSWORD", "LOCK_TIMEOUT");

  /**
   * PostgreSQL JDBC parameters a store URL may carry: connection, TLS and timeout settings that
   * neither load classes nor write files. Everything else is refused (socketFactory, sslfactory,
   * sslhostnameverifier, sslpasswordcallback, authenticationPluginClassName load classes;
   * loggerFile writes one; service and jaas* read configuration from elsewhere; options sets server
   * parameters).
   */
  static final Set<String> POSTGRES_PARAMETERS =
      Set.of(
          "user",
          "password",
          "sslmode",
          "sslrootcert",
          "sslcert",
          "sslkey",
          "sslpassword",
          "connectTimeout",
          "socketTimeout",
          "loginTimeout",
          "tcpKeepAlive",
          "ApplicationName",
          "currentSchema",
          "targetServerType");

  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
  private static final Set<String> FILE_PARAMETERS = Set.of("sslrootcert", "sslcert", "sslkey");

  private static StoreLocation h2(String url, boolean isDefault) {
    String rest = url.substring("jdbc:h2:".length());
    int semi = rest.indexOf(';');
    String target = semi < 0 ? rest : rest.substring(0, semi);
    String settings = semi < 0 ? "" : rest.substring(semi);
    if (!target.startsWith("file:")) {
      throw new UsageException(
          "unsupported store URL '"
              + shown(url)
              + "': an H2 store must be a file, jdbc:h2:file:PATH (mem:, tcp:, ssl:, zip:, nio"
              + " and other H2 forms are not supported)");
    }
    String path = target.substring("file:".length());
    if (path.startsWith("~/")) {
      path = System.getProperty("user.home") + path.substring(1);
    }
    if (path.isBlank() || !Path.of(path).isAbsolute()) {
      throw new UsageException(
          "unsupported store URL '" + shown(url) + "': the H2 file path must be absolute");
    }
    Path file = Path.of(path).normalize();
    for (String setting : settings.split(";")) {
      if (setting.isEmpty()) {
        continue;
      }
      int eq = setting.indexOf('=');
      String key = (eq < 0 ? setting : setting.substring(0, eq)).strip();
      String value = eq < 0 ? "" : setting.substring(eq + 1);
      String upper = key.toUpperCase(java.util.Locale.ROOT);
      if (!H2_SETTINGS.contains(upper) || eq < 0) {
        throw new UsageException(
            "unsupported store URL '"
                + shown(url)
                + "': the H2 setting "
                + ErrorText.printable(key)
                + " is not allowed (allowed: USER, PASSWORD, LOCK_TIMEOUT)");
      }
      if (upper.equals("LOCK_TIMEOUT") && !value.matches("[0-9]{1,9}")) {
        throw new UsageException(
            "unsupported store URL '"
                + shown(url)
                + "': LOCK_TIMEOUT must be a number of milliseconds");
      }
    }
    StringBuilder full = new StringBuilder(url);
    if (!settings.toUpperCase(java.util.Locale.ROOT).contains(";LOCK_TIMEOUT=")) {
      full.append(";LOCK_TIMEOUT=10000");
    }
    String user = paramValue(settings, "USER");
    String password = paramValue(settings, "PASSWORD");
    return new StoreLocation(full.toString(), Dialect.H2, user, password, file, isDefault);
  }

  private static StoreLocation postgres(String url, Map<String, String> env) {
    int q = url.indexOf('?');
    String query = q < 0 ? "" : url.substring(q);
    if (q >= 0) {
      for (String pair : url.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        // the driver URL-decodes names and values: check what it will see
        String name = decode(eq < 0 ? pair : pair.substring(0, eq), url);
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1), url);
        if (!POSTGRES_PARAMETERS.contains(name)) {
          throw new UsageException(
              "unsupported store URL '"
                  + shown(url)
                  + "': the PostgreSQL parameter "
                  + ErrorText.printable(name)
                  + " is not allowed (allowed: "
                  + String.join(", ", new java.util.TreeSet<>(POSTGRES_PARAMETERS))
                  + ")");
        }
        if (name.equals("sslmode") && !SSL_MODES.contains(value)) {
          throw new UsageException(
              "unsupported store URL '"
                  + shown(url)
                  + "': sslmode must be one of disable, allow, prefer, require, verify-ca,"
                  + " verify-full");
        }
        if (FILE_PARAMETERS.contains(name)
            && !value.isEmpty()
            && Files.exists(Path.of(value))
            && !Files.isRegularFile(Path.of(value))) {
          throw new UsageException(
              "unsupported store URL '" + shown(url) + "': " + name + " is not a regular file");
        }
      }
    }
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

  private static String decode(String s, String url) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "unsupported store URL '" + shown(url) + "': a parameter is not URL-encoded properly");
    }
  }

  /** The URL as messages show it: password hidden, control characters replaced. */
  private static String shown(String url) {
    return ErrorText.printable(redact(url));
  }

  private static String paramValue(String params, String name) {
    var m = Pattern.compile("(?i)[?&;]" + Pattern.quote(name) + "=([^&;]*)").matcher(params);
    return m.find() ? m.group(1) : null;
  }

  /**
   * True for an H2 file: the store connects for each operation and closes the file after it, under
   * {@link ProcessLock}, so that several knm processes can take turns with it (H2's AUTO_SERVER,
   * which would serve the file to the others over TCP, is not allowed in a store URL).
   */
  public boolean connectionPerOperation() {
    return h2File != null;
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
