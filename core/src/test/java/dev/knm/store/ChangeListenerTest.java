package dev.knm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.cluster.ClusterService;
import dev.knm.cluster.ImportRequest;
import dev.knm.cluster.kubeconfig.KubeconfigSource;
import dev.knm.crypto.EncryptionKey;
import dev.knm.error.AlreadyExistsException;
import dev.knm.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** import, remove and rotate-key NOTIFY at commit, and only at commit (PostgreSQL). */
class ChangeListenerTest {
  private static final String KUBECONFIG =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: c
        cluster:
          server: https://127.0.0.1:6443
      users:
      - name: u
        user:
          token: t
      contexts:
      - name: ctx
        context:
          cluster: c
          user: u
      current-context: ctx
      """;

  private static ImportRequest request(String name) {
    return new ImportRequest(
        name,
        new KubeconfigSource("k", KUBECONFIG.getBytes(StandardCharsets.UTF_8), null),
        null,
        false,
        Map.of(),
        null,
        false,
        false);
  }

  @Test
  void changesAreAnnouncedAtCommitAndFailedOnesNever() throws Exception {
    String url = TestStores.freshPostgresUrl();
    BlockingQueue<ClusterChange> changes = new LinkedBlockingQueue<>();
    AtomicInteger connected = new AtomicInteger();
    try (Store store = Store.open(url);
        ChangeListener listener =
            new ChangeListener(
                    StoreLocation.of(url, Map.of()),
                    changes::add,
                    connected::incrementAndGet,
                    p -> {})
                .start()) {
      ClusterService service =
          new ClusterService(
              store, EncryptionKey.generate(), (n, y, d, deadline) -> null, Clock.systemUTC());

      service.importClusters(request("a"));
      assertThat(changes.poll(5, TimeUnit.SECONDS)).isEqualTo(new ClusterChange("import", "a"));

      // a failed import (the name is taken) rolls back, and its notification with it
      assertThatThrownBy(() -> service.importClusters(request("a")))
          .isInstanceOf(AlreadyExistsException.class);
      service.remove("a", false);
      assertThat(changes.poll(5, TimeUnit.SECONDS)).isEqualTo(new ClusterChange("remove", "a"));

      service.rotateKey(EncryptionKey.generate());
      assertThat(changes.poll(5, TimeUnit.SECONDS))
          .isEqualTo(new ClusterChange("rotate-key", null));
      assertThat(changes.poll(300, TimeUnit.MILLISECONDS)).isNull();
      assertThat(connected.get()).isZero(); // the first connection is the caller's to compare
    }
  }

  @Test
  void h2StoresAreNotListenedTo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    assertThatThrownBy(
            () ->
                new ChangeListener(
                    StoreLocation.of("jdbc:h2:file:" + dir.resolve("knm"), Map.of()),
                    c -> {},
                    () -> {},
                    p -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(List.of(ClusterChange.parse("import a"), ClusterChange.parse("rotate-key")))
        .containsExactly(new ClusterChange("import", "a"), new ClusterChange("rotate-key", null));
  }
}
