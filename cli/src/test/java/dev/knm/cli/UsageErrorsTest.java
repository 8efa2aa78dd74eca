package dev.knm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner.Result;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every picocli usage error reads "error: <message>" with one "error:" only, and exits 2. */
class UsageErrorsTest {
  @TempDir static Path home;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "import x --kubeconfig k.yaml --context a --all-contexts",
        "import x",
        "import",
        "list --bogus",
        "list --page",
        "list nodes -c a --concurrency many",
        "list nodes -c a --deadline soon",
        "list pods",
        "describe node",
        "describe node n",
        "bogus",
        "-o xml list",
        "rotate-key"
      })
  void oneErrorPrefixAndTheUsageHint(String line) {
    Result r = new CliRunner(home).run(line.split(" "));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("error: ").contains("\nSee 'knm");
    Matcher m = Pattern.compile("(?i)error:").matcher(r.err());
    int n = 0;
    while (m.find()) {
      n++;
    }
    assertThat(n).as(r.err()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Error: x", "error: x", "ERROR: Error: x", "x"})
  void strippedPrefixes(String message) {
    assertThat(ErrorHandler.withoutErrorPrefix(message)).isEqualTo("x");
  }
}
