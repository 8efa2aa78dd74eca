package dev.knm.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import, remove and rotate-key write audit rows; `knm audit` lists them. */
class AuditCommandTest {
  @TempDir Path home;

  @Test
  void mutating_commands_are_recorded_bad_input_is_not() throws Exception {
    String store = "jdbc:h2:file:" + home.resolve("store") + ";PASSWORD=hunter2";
    CliRunner cli = new CliRunner(home);
    Path kc =
        Files.writeString(
            home.resolve("k.yaml"), CliRunner.kubeconfig("https://127.0.0.1:1", "c", "t0ken"));

    // when: an import, a refused import (bad input), an import that cannot reach its server,
    // a remove of an unknown name (bad input), a remove, a key rotation
    assertThat(
            cli.run("--store", store, "import", "one", "--kubeconfig", kc.toString(), "--no-verify")
                .exitCode())
        .isZero();
    assertThat(
            cli.run("--store", store, "import", "Bad_Name", "--kubeconfig", kc.toString())
                .exitCode())
        .isEqualTo(2);
    assertThat(cli.run("--store", store, "import", "two", "--kubeconfig", kc.toString()).exitCode())
        .isEqualTo(4);
    assertThat(cli.run("--store", store, "remove", "ghost").exitCode()).isEqualTo(1);
    assertThat(cli.run("--store", store, "remove", "one").exitCode()).isZero();
    assertThat(
            cli.run(
                    "--store",
                    store,
                    "rotate-key",
                    "--new-key-file",
                    home.resolve("new.key").toString())
                .exitCode())
        .isZero();

    // then
    Result table = cli.run("--store", store, "audit");
    assertThat(table.exitCode()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).matches("TIME +USER +HOST +COMMAND +CLUSTER +TARGET +OUTCOME +EXIT");
    assertThat(lines.subList(1, lines.size()))
        .hasSize(4)
        .satisfiesExactly(
            l -> assertThat(l).matches("\\S+Z +\\S+ +\\S+ +import +one +cluster/one +ok +0"),
            l -> assertThat(l).matches("\\S+Z +\\S+ +\\S+ +import +two +cluster/two +failed +4"),
            l -> assertThat(l).matches("\\S+Z +\\S+ +\\S+ +remove +one +one +ok +0"),
            l -> assertThat(l).matches("\\S+Z +\\S+ +\\S+ +rotate-key +- +store +ok +0"));
    String wide = cli.run("--store", store, "audit", "-o", "wide").out();
    assertThat(wide)
        .contains(
            "knm --store 'jdbc:h2:file:" + home.resolve("store") + ";PASSWORD=***' import one")
        .doesNotContain("hunter2")
        .doesNotContain("t0ken")
        .contains("cluster two: GET /version failed: connection refused");

    // filters: by cluster, by age
    assertThat(cli.run("--store", store, "audit", "-c", "one", "--no-headers").out().lines())
        .hasSize(2);
    assertThat(cli.run("--store", store, "audit", "--since", "1h", "-o", "ndjson").out().lines())
        .hasSize(4)
        .allMatch(l -> l.startsWith("{\"apiVersion\":\"knm/v1\",\"kind\":\"AuditEntry\",\"id\":"));
    assertThat(cli.run("--store", store, "audit", "-c", "nobody"))
        .isEqualTo(new Result(0, "", "No audit rows found for cluster nobody.\n"));
    Result badSince = cli.run("--store", store, "audit", "--since", "yesterday");
    assertThat(badSince)
        .isEqualTo(
            new Result(
                2,
                "",
                "error: invalid duration 'yesterday' for --since: use e.g. 500ms, 30s, 5m, 1h\n"));
  }
}
