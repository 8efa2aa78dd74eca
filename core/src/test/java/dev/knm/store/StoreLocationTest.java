package dev.knm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.error.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreLocationTest {
  @Test
  void flagWinsOverEnvironmentWhichWinsOverDefault() {
    Map<String, String> env = Map.of("KNM_STORE", "jdbc:h2:file:/srv/env", "HOME", "/home/sre");
    assertThat(StoreLocation.resolve("jdbc:h2:file:/srv/flag", env).h2File())
        .isEqualTo(Path.of("/srv/flag"));
    assertThat(StoreLocation.resolve(null, env).h2File()).isEqualTo(Path.of("/srv/env"));
    StoreLocation def = StoreLocation.resolve(null, Map.of("HOME", "/home/sre"));
    assertThat(def.defaultLocation()).isTrue();
    assertThat(def.jdbcUrl())
        .isEqualTo("jdbc:h2:file:/home/sre/.local/share/knm/knm;LOCK_TIMEOUT=10000");
    assertThat(StoreLocation.resolve(null, Map.of("XDG_DATA_HOME", "/x/data")).h2File())
        .isEqualTo(Path.of("/x/data/knm/knm"));
  }

  @Test
  void aRelativeXdgDataHomeIsIgnoredAsTheXdgSpecSays() {
    // H2 refuses an implicitly relative path; the spec says to ignore such a value
    assertThat(StoreLocation.defaultH2File(Map.of("HOME", "/home/sre", "XDG_DATA_HOME", "data")))
        .isEqualTo(Path.of("/home/sre/.local/share/knm/knm"));
    assertThat(StoreLocation.defaultH2File(Map.of("HOME", "/home/sre", "XDG_DATA_HOME", "/d")))
        .isEqualTo(Path.of("/d/knm/knm"));
  }

  @Test
  void anH2FileConnectsForEachOperation() {
    assertThat(StoreLocation.of("jdbc:h2:file:/srv/knm", Map.of()).connectionPerOperation())
        .isTrue();
    assertThat(StoreLocation.of("jdbc:postgresql://db/knm", Map.of()).connectionPerOperation())
        .isFalse();
  }

  @Test
  void postgresTakesUserAndPasswordFromPgEnvAndRedactsPasswords() {
    StoreLocation pg =
        StoreLocation.resolve(
            "jdbc:postgresql://db.example.com/knm?sslmode=verify-full",
            Map.of("PGUSER", "knm", "PGPASSWORD", "hunter2"));
    assertThat(pg.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(pg.user()).isEqualTo("knm");
    assertThat(pg.password()).isEqualTo("hunter2");
    assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com/knm?sslmode=verify-full");
    StoreLocation inline =
        StoreLocation.of(
            "jdbc:postgresql://db/knm?user=app&password=s3cret&sslmode=require",
            Map.of("PGUSER", "other", "PGPASSWORD", "x"));
    assertThat(inline.user()).isEqualTo("app");
    assertThat(inline.password()).isEqualTo("s3cret");
    assertThat(inline.redacted())
        .isEqualTo("jdbc:postgresql://db/knm?user=app&password=***&sslmode=require");
    assertThat(inline.toString()).doesNotContain("s3cret");
  }

  @Test
  void otherUrlsAreUsageErrors() {
    assertThatThrownBy(() -> StoreLocation.resolve("mysql://db/knm?password=pw", Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "unsupported store URL 'mysql://db/knm?password=***': expected jdbc:h2:file:PATH or"
                + " jdbc:postgresql://HOST[:PORT]/DB");
  }

  // --- issue #9 item 2: no code, files or servers through a store URL ------------------------

  private static String refused(String url) {
    try {
      StoreLocation.of(url, Map.of());
    } catch (UsageException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + url);
  }

  @Test
  void h2SettingsOutsideTheAllowlistAreUsageErrors() {
    String allowed = " is not allowed (allowed: USER, PASSWORD, LOCK_TIMEOUT)";
    assertThat(refused("jdbc:h2:file:/srv/knm;INIT=RUNSCRIPT FROM '/tmp/x.sql'"))
        .isEqualTo(
            "unsupported store URL 'jdbc:h2:file:/srv/knm;INIT=RUNSCRIPT FROM '/tmp/x.sql'': the"
                + " H2 setting INIT"
                + allowed);
    assertThat(refused("jdbc:h2:file:/srv/knm;init=runscript from 'x'"))
        .endsWith("the H2 setting init" + allowed);
    assertThat(refused("jdbc:h2:file:/srv/knm;TRACE_LEVEL_FILE=4"))
        .endsWith("the H2 setting TRACE_LEVEL_FILE" + allowed);
    assertThat(refused("jdbc:h2:file:/srv/knm;AUTO_SERVER=TRUE"))
        .endsWith("the H2 setting AUTO_SERVER" + allowed);
    assertThat(refused("jdbc:h2:file:/srv/knm;ACCESS_MODE_DATA=r"))
        .endsWith("the H2 setting ACCESS_MODE_DATA" + allowed);
    assertThat(refused("jdbc:h2:file:/srv/knm;USER=sa;PASSWORD=pw;IFEXISTS=TRUE"))
        .isEqualTo(
            "unsupported store URL 'jdbc:h2:file:/srv/knm;USER=sa;PASSWORD=***;IFEXISTS=TRUE':"
                + " the H2 setting IFEXISTS"
                + allowed);
    assertThat(refused("jdbc:h2:file:/srv/knm;LOCK_TIMEOUT=1;DB_CLOSE_DELAY=-1"))
        .endsWith("the H2 setting DB_CLOSE_DELAY" + allowed);
    assertThat(refused("jdbc:h2:file:/srv/knm;LOCK_TIMEOUT=soon"))
        .endsWith("LOCK_TIMEOUT must be a number of milliseconds");
  }

  @Test
  void onlyH2FilesWithAnAbsolutePathAreStores() {
    String notFile =
        "': an H2 store must be a file, jdbc:h2:file:PATH (mem:, tcp:, ssl:, zip:, nio and other"
            + " H2 forms are not supported)";
    for (String url :
        List.of(
            "jdbc:h2:mem:knm",
            "jdbc:h2:zip:/srv/knm.zip!/knm",
            "jdbc:h2:nio:/srv/knm",
            "jdbc:h2:nioMapped:/srv/knm",
            "jdbc:h2:split:/srv/knm",
            "jdbc:h2:tcp://db.example.com/knm",
            "jdbc:h2:ssl://db.example.com/knm",
            "jdbc:h2:/srv/knm",
            "jdbc:h2:~/knm")) {
      assertThat(refused(url)).as(url).isEqualTo("unsupported store URL '" + url + notFile);
    }
    assertThat(refused("jdbc:h2:file:knm"))
        .isEqualTo("unsupported store URL 'jdbc:h2:file:knm': the H2 file path must be absolute");
    assertThat(refused("jdbc:h2:file:"))
        .isEqualTo("unsupported store URL 'jdbc:h2:file:': the H2 file path must be absolute");
  }

  @Test
  void knmsOwnH2FormsStillWork() {
    assertThat(StoreLocation.of("jdbc:h2:file:/srv/knm", Map.of()).jdbcUrl())
        .isEqualTo("jdbc:h2:file:/srv/knm;LOCK_TIMEOUT=10000");
    StoreLocation withUser =
        StoreLocation.of("jdbc:h2:file:/srv/knm;user=knm;PASSWORD=pw;LOCK_TIMEOUT=500", Map.of());
    assertThat(withUser.jdbcUrl())
        .isEqualTo("jdbc:h2:file:/srv/knm;user=knm;PASSWORD=pw;LOCK_TIMEOUT=500");
    assertThat(withUser.user()).isEqualTo("knm");
    assertThat(StoreLocation.of("jdbc:h2:file:~/knm", Map.of()).h2File())
        .isEqualTo(Path.of(System.getProperty("user.home"), "knm"));
  }

  @Test
  void postgresParametersOutsideTheAllowlistAreUsageErrors() {
    for (String param :
        List.of(
            "socketFactory=org.example.Evil",
            "socketFactoryArg=x",
            "sslfactory=org.postgresql.ssl.NonValidatingFactory",
            "sslhostnameverifier=org.example.Any",
            "sslpasswordcallback=org.example.Cb",
            "authenticationPluginClassName=org.example.Auth",
            "loggerFile=/tmp/pg.log",
            "loggerLevel=TRACE",
            "options=-c%20search_path%3Devil",
            "service=prod",
            "jaasLogin=true")) {
      String name = param.substring(0, param.indexOf('='));
      assertThat(refused("jdbc:postgresql://db/knm?sslmode=require&" + param))
          .as(param)
          .startsWith("unsupported store URL 'jdbc:postgresql://db/knm?sslmode=require&")
          .contains("': the PostgreSQL parameter " + name + " is not allowed (allowed: ")
          .endsWith(
              "(allowed: ApplicationName, connectTimeout, currentSchema, loginTimeout, password,"
                  + " socketTimeout, sslcert, sslkey, sslmode, sslpassword, sslrootcert,"
                  + " targetServerType, tcpKeepAlive, user)");
    }
    // the driver URL-decodes names: so does the check
    assertThat(refused("jdbc:postgresql://db/knm?socket%46actory=org.example.Evil"))
        .contains("the PostgreSQL parameter socketFactory is not allowed");
    assertThat(refused("jdbc:postgresql://db/knm?sslmode=maybe"))
        .endsWith("sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full");
    assertThat(refused("jdbc:postgresql://db/knm?sslrootcert=/dev/zero"))
        .endsWith("sslrootcert is not a regular file");
  }

  @Test
  void postgresAllowlistedParametersPass() {
    StoreLocation pg =
        StoreLocation.of(
            "jdbc:postgresql://db/knm?user=app&password=p%26w&sslmode=verify-full"
                + "&sslrootcert=/etc/ssl/root.crt&connectTimeout=5&socketTimeout=30"
                + "&ApplicationName=knm&currentSchema=knm&targetServerType=primary",
            Map.of());
    assertThat(pg.user()).isEqualTo("app");
    assertThat(pg.redacted()).contains("password=***&sslmode=verify-full");
  }
}
