package dev.knm.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `knm watch --serve` refuses bad settings before it serves anything. */
class WatchServeOptionsTest {
  @TempDir Path home;

  @Test
  void aNonLoopbackAddressWithoutATokenIsRefused() {
    CliRunner.Result r = new CliRunner(home).run("watch", "--serve", "0.0.0.0:0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .endsWith(
            "error: refusing to serve on 0.0.0.0:0 without a token (set KNM_RELOAD_TOKEN or"
                + " --token-file), or serve on a loopback address (127.0.0.1)\n");
  }

  @Test
  void malformedServeOptionsAreUsageErrors() {
    CliRunner cli = new CliRunner(home);
    CliRunner.Result address = cli.run("watch", "--serve", "localhost");
    assertThat(address.exitCode()).isEqualTo(2);
    assertThat(address.err())
        .isEqualTo("error: invalid instance address 'localhost' in --serve: expected HOST:PORT\n");

    CliRunner.Result tls =
        cli.run("watch", "--serve", "127.0.0.1:0", "--tls-cert", home.resolve("c").toString());
    assertThat(tls.exitCode()).isEqualTo(2);
    assertThat(tls.err()).isEqualTo("error: --tls-cert and --tls-key go together\n");

    CliRunner.Result grace = cli.run("watch", "--serve", "127.0.0.1:0", "--shutdown-grace", "soon");
    assertThat(grace.exitCode()).isEqualTo(2);
    assertThat(grace.err())
        .isEqualTo(
            "error: invalid duration 'soon' for --shutdown-grace: use e.g. 500ms, 30s, 5m, 1h\n");

    CliRunner.Result format = cli.run("watch", "--serve", "127.0.0.1:0", "--log-format", "xml");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).startsWith("error: Invalid value for option '--log-format'");
  }

  @Test
  void anUnknownClusterIsNotFound() {
    CliRunner.Result r =
        new CliRunner(home).run("watch", "--serve", "127.0.0.1:0", "-c", "missing");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).endsWith("error: cluster 'missing' not found\n");
  }
}
