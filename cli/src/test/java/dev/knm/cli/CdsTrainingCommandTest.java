package dev.knm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run behind the launcher's class-data-sharing archive: every command it runs must
 * still work (a renamed flag would silently train less), and it must leave the user's store alone.
 */
class CdsTrainingCommandTest {
  @TempDir Path home;

  @Test
  void everyTrainingCommandSucceedsInAThrowAwayStore() {
    // given: a user's environment
    CliRunner cli = new CliRunner(home);

    // when
    CliRunner.Result r = cli.run("__cds-training");

    // then
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            0 import training --kubeconfig TMP/k.yaml --no-verify
            0 list
            0 list -o wide -l a=b --status unknown
            0 list -o json
            0 list -o name
            0 describe cluster training
            0 describe cluster training -o yaml
            0 import sb --kubeconfig TMP/sandbox.yaml -l a=b
            0 import sbc --kubeconfig TMP/sandbox.yaml --context sandbox-cert
            0 list --refresh -l a=b
            0 list nodes -c sb
            0 list nodes -c sb -o wide
            0 list nodes -c sb -c sbc -o name
            0 list nodes -c sb -o json
            0 list pods -c sb -A
            0 list pods -c sb -A -o wide
            0 list pods -c sb -A -o name
            0 list pods -c sb -A -o json
            0 list pods -c sb -A -o ndjson
            0 list pods -c sb --node 10-16-10-110.maas
            0 describe node 10-16-10-110.maas -c sb
            0 remove training
            0 remove sb
            0 --help
            """);
    // and the user's store was never created
    assertThat(Files.exists(home.resolve("data"))).isFalse();
  }
}
