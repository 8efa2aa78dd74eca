package dev.knm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.crypto.EncryptionKey;
import dev.knm.crypto.Sealer;
import dev.knm.store.Store;
import dev.knm.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing secret is stored in clear, on either dialect. */
class NoPlaintextTest {
  static final List<String> SECRETS =
      List.of(Fixtures.TOKEN, Fixtures.KEY_PEM_BODY, Fixtures.KEY_B64);
  @TempDir Path dir;

  static void importBoth(Store store) {
    ClusterService service =
        new ClusterService(
            store, new Sealer(EncryptionKey.generate()), new FakeProbe(), Clock.systemUTC());
    service.importClusters(
        new ImportRequest("s", Fixtures.source(), null, true, Map.of(), null, false, false));
    assertThat(service.open("s-prod-admin").yaml()).contains(Fixtures.TOKEN);
    assertThat(service.open("s-staging-eu").yaml()).contains(Fixtures.KEY_B64);
  }

  @Test
  void h2FileHoldsNoSecret() throws Exception {
    Path base = dir.resolve("knm");
    try (Store store = Store.open("jdbc:h2:file:" + base)) {
      importBoth(store);
    }
    String raw =
        new String(Files.readAllBytes(Path.of(base + ".mv.db")), StandardCharsets.ISO_8859_1);
    assertThat(raw).contains("s-prod-admin"); // the file is readable as such
    for (String secret : SECRETS) {
      assertThat(raw).doesNotContain(secret);
    }
  }

  @Test
  void postgresColumnsHoldNoSecret() {
    try (Store store = Store.open(TestStores.freshPostgresUrl())) {
      importBoth(store);
      List<String> text =
          store.withHandle(
              h -> {
                List<String> out = new ArrayList<>();
                for (String table :
                    h.createQuery(
                            "SELECT table_name FROM information_schema.tables"
                                + " WHERE table_schema = 'public'")
                        .mapTo(String.class)
                        .list()) {
                  out.addAll(
                      h.createQuery("SELECT t::text FROM \"" + table + "\" t")
                          .mapTo(String.class)
                          .list());
                }
                return out;
              });
      assertThat(String.join("\n", text)).contains("s-prod-admin");
      for (String secret : SECRETS) {
        assertThat(String.join("\n", text)).doesNotContain(secret);
      }
    }
  }
}
