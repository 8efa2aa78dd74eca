package dev.knm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.cluster.ImportCommand;
import dev.knm.cli.cluster.ListCommand;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Main builds the picocli model of the named command only; anything unusual gets them all. */
class CommandSelectionTest {
  private static Class<?> named(String... args) {
    return Main.namedCommand(args);
  }

  @Test
  void findsTheCommandAfterGlobalOptionsAndTheirValues() {
    assertThat(named("list")).isEqualTo(ListCommand.class);
    assertThat(named("ls", "-o", "name")).isEqualTo(ListCommand.class);
    assertThat(named("-o", "list", "import")).isEqualTo(ImportCommand.class);
    assertThat(named("--output", "json", "-q", "list")).isEqualTo(ListCommand.class);
    assertThat(named("--store", "list", "--key-file", "ls", "import"))
        .isEqualTo(ImportCommand.class);
    assertThat(named("--store=jdbc:h2:mem:x", "-ojson", "list")).isEqualTo(ListCommand.class);
    assertThat(named("-qo", "list", "import")).isEqualTo(ImportCommand.class);
  }

  @Test
  void anythingUnusualMeansEveryCommand() {
    assertThat(named()).isNull();
    assertThat(named("--help")).isNull();
    assertThat(named("lst")).isNull();
    assertThat(named("@args.txt")).isNull();
    assertThat(named("--", "list")).isNull();
    assertThat(named("-o")).isNull();
  }

  @Test
  void theTreeHasOnlyTheNamedCommandOrAll() {
    KnmContext context = new KnmContext(Map.of(), InputStream.nullInputStream(), false);
    assertThat(Main.commandLine(context, new String[] {"-q", "list"}).getSubcommands())
        .containsOnlyKeys("list", "ls");
    assertThat(Main.commandLine(context, new String[] {"--version"}).getSubcommands()).isEmpty();
    assertThat(Main.commandLine(context, new String[] {"completion", "fish"}).getSubcommands())
        .containsKeys("import", "list", "sandbox");
    assertThat(Main.commandLine(context, new String[] {"--help"}).getSubcommands())
        .containsOnlyKeys(
            "import",
            "list",
            "ls",
            "describe",
            "remove",
            "rm",
            "rotate-key",
            "demo",
            "sandbox",
            "completion",
            "__cds-training",
            "watch",
            "events",
            "__complete",
            "help",
            "broadcast-reload",
            "cordon",
            "uncordon",
            "drain",
            "audit");
  }
}
