package dev.knm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.error.UsageException;
import java.nio.file.Path;
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
  void anH2FileConnectsForEachOperationUnlessTheUrlAsksForAutoServer() {
    assertThat(StoreLocation.of("jdbc:h2:file:/srv/knm", Map.of()).connectionPerOperation())
        .isTrue();
    assertThat(
            StoreLocation.of("jdbc:h2:file:/srv/knm;auto_server=true", Map.of())
                .connectionPerOperation())
        .isFalse();
    assertThat(StoreLocation.of("jdbc:h2:mem:knm", Map.of()).connectionPerOperation()).isFalse();
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
            "unsupported store URL 'mysql://db/knm?password=***': expected jdbc:h2:FILE or"
                + " jdbc:postgresql://HOST[:PORT]/DB");
  }
}
