package dev.knm.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import dev.knm.sandbox.fleet.FakeInstances;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import, remove and rotate-key tell the instances when discovery is configured. */
class AutoBroadcastTest {
  private static final String TOKEN = "auto-broadcast-token";

  @TempDir Path home;

  @Test
  void importRemoveAndRotateKeySayHowManyInstancesAcknowledged() throws Exception {
    try (FakeInstances fakes = FakeInstances.start(2, 0, 1, TOKEN, FakeInstances.Order.FIRST)) {
      String refusing = fakes.addresses().get(0);
      CliRunner cli =
          new CliRunner(home)
              .env("INSTANCE_ADDRESSES", String.join(",", fakes.addresses()))
              .env("KNM_RELOAD_TOKEN", TOKEN);
      Path kc =
          Files.writeString(
              home.resolve("kc.yaml"), CliRunner.kubeconfig("https://127.0.0.1:6443", "c", "t"));

      CliRunner.Result imported =
          cli.run("import", "prod-eu", "--kubeconfig", kc.toString(), "--no-verify");
      assertThat(imported.exitCode()).isZero(); // the import is committed either way
      assertThat(imported.out()).isEqualTo("cluster/prod-eu imported (not verified)\n");
      assertThat(withoutKeyNotice(imported.err()))
          .isEqualTo(
              "reload of cluster/prod-eu acknowledged by 2 of 3 instances (from"
                  + " INSTANCE_ADDRESSES)\n"
                  + "warning: instance "
                  + refusing
                  + " did not reload cluster/prod-eu: connection refused\n");

      CliRunner.Result rotated =
          cli.run("rotate-key", "--new-key-file", home.resolve("new.key").toString());
      assertThat(rotated.exitCode()).isZero();
      assertThat(rotated.err())
          .contains("reload of cluster/prod-eu acknowledged by 2 of 3 instances");

      CliRunner.Result removed =
          cli.run("--key-file", home.resolve("new.key").toString(), "remove", "prod-eu");
      assertThat(removed.exitCode()).isZero();
      assertThat(removed.err())
          .startsWith("reload of cluster/prod-eu acknowledged by 2 of 3 instances");
      assertThat(fakes.reloads()).isEqualTo(6);
      assertThat(imported.err() + rotated.err() + removed.err()).doesNotContain(TOKEN);
    }
  }

  /** The first run's one-time notice about the new key file. */
  private static String withoutKeyNotice(String err) {
    return err.replaceFirst("created a new encryption key in [^\n]*\n", "");
  }

  @Test
  void nothingIsSentWithoutDiscovery() throws Exception {
    try (FakeInstances fakes = FakeInstances.start(1, 0, 0, null, FakeInstances.Order.FIRST)) {
      Path kc =
          Files.writeString(
              home.resolve("kc.yaml"), CliRunner.kubeconfig("https://127.0.0.1:6443", "c", "t"));
      CliRunner.Result r =
          new CliRunner(home).run("import", "a", "--kubeconfig", kc.toString(), "--no-verify");
      assertThat(r.exitCode()).isZero();
      assertThat(withoutKeyNotice(r.err())).isEmpty();
      assertThat(fakes.reloads()).isZero();
    }
  }
}
