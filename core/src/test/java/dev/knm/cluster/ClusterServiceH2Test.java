package dev.knm.cluster;

import static dev.knm.cluster.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.store.Store;
import dev.knm.testing.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterServiceH2Test extends ClusterServiceContract {
  @TempDir static Path dir;
  private static String url;

  @Override
  String url() {
    if (url == null) {
      url = TestStores.freshH2Url(dir);
    }
    return url;
  }

  @Test
  void readingCommandsLeaveTheH2FileByteForByteUnchanged() throws Exception {
    // given: an H2 file with clusters, closed as a command that imported them leaves it
    service.importClusters(request("prod", Map.of("env", "prod"), true));
    service.importClusters(request("staging", Map.of(), false));
    store.close();
    Path file = Path.of(url().substring("jdbc:h2:file:".length()) + ".mv.db");
    byte[] before = Files.readAllBytes(file);
    FileTime modified = Files.getLastModifiedTime(file);

    // when: each reading operation runs in a store of its own, as one-shot commands do
    List<String> read = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      try (Store s = Store.open(url())) {
        ClusterService reader =
            new ClusterService(
                s, KEY_A, probe, Clock.fixed(ClusterServiceContract.T0, ZoneOffset.UTC));
        switch (i) {
          case 0 -> read.add(reader.list(ClusterQuery.all()).items().get(0).cluster().name());
          case 1 -> read.add(reader.openAll(List.of("staging")).get(0).name());
          case 2 -> read.add(reader.describe("prod").cluster().name());
          default -> read.add(reader.open("prod").server());
        }
      }
    }

    // then: they read what was imported, and the file was not written at all
    assertThat(read).containsExactly("prod", "staging", "prod", "https://prod.example.com:6443");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
    store = Store.open(url()); // for the contract's @AfterEach
  }
}
