package dev.knm.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.cli.CliRunner;
import dev.knm.cli.KnmContext;
import dev.knm.cli.options.GlobalOptions;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an audit row keeps of a command that failed. */
class AuditRecorderTest {
  @TempDir Path home;

  @Test
  void an_unexpected_failure_is_stored_as_one_scrubbed_line() throws Exception {
    // given a store, and a command that fails with an exception quoting a token (the JDK's
    // header check does that) across two lines
    CliRunner cli = new CliRunner(home);
    Path kc =
        Files.writeString(
            home.resolve("k.yaml"), CliRunner.kubeconfig("https://127.0.0.1:1", "c", "t0ken"));
    assertThat(cli.run("import", "one", "--kubeconfig", kc.toString(), "--no-verify").exitCode())
        .isZero();
    List<String> warnings = new ArrayList<>();
    AuditRecorder recorder =
        new AuditRecorder(
            new KnmContext(cli.env(), new ByteArrayInputStream(new byte[0]), false),
            new GlobalOptions(),
            "knm cordon n1 -c one",
            warnings::add);
    IllegalArgumentException failure =
        new IllegalArgumentException(
            "Illegal character(s) in message header value: Bearer audit-secret-Qz7\r\nWx4-rest");

    // when
    assertThatThrownBy(
            () ->
                recorder.run(
                    "cordon",
                    "one",
                    "node/n1",
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);

    // then the row holds the failure's type and its first line, the token masked
    String wide = cli.run("audit", "-c", "one", "-o", "json").out();
    assertThat(wide)
        .contains(
            "IllegalArgumentException: Illegal character(s) in message header value: Bearer ***\"")
        .doesNotContain("audit-secret")
        .doesNotContain("Wx4-rest");
    assertThat(warnings).isEmpty();
  }
}
