package dev.knm.man;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.FullCommandTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The man pages the build rendered (target/classes/share/man/man1): one per command, each with the
 * hand-written sections, and each rendered by groff with every warning on and none given.
 */
class ManPagesTest {
  static final Path MAN1 = Path.of("target/classes/share/man/man1");
  static final Path HTML = Path.of("target/classes/share/doc/knm/html");

  @Test
  void aPageForEveryCommand() throws Exception {
    List<String> expected = new ArrayList<>();
    for (CommandSpec spec : ManPages.pages(new FullCommandTree().commandTree())) {
      expected.add(spec.qualifiedName("-") + ".1");
    }
    assertThat(expected).contains("knm.1", "knm-list-nodes.1", "knm-describe-node.1");
    try (Stream<Path> pages = Files.list(MAN1)) {
      assertThat(pages.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    for (String page : expected) {
      assertThat(HTML.resolve(page.replace(".1", ".html"))).isRegularFile();
    }
  }

  @Test
  void everyPageRendersWithoutAWarning() throws Exception {
    try (Stream<Path> pages = Files.list(MAN1)) {
      for (Path page : pages.sorted().toList()) {
        // groff: every warning category (-ww), output discarded (-z), the man macros
        Result r = run("groff", "-man", "-Tutf8", "-ww", "-z", page.toString());
        assertThat(r.err()).as(page.toString()).isEmpty();
        assertThat(r.code()).as(page.toString()).isZero();
        // and man itself, as a reader would open it
        Result man = run("man", "--warnings", "-l", page.toString());
        assertThat(man.err()).as(page.toString()).isEmpty();
        assertThat(man.code()).as(page.toString()).isZero();
      }
    }
  }

  @Test
  void handWrittenSectionsWhereTheGeneratorLeavesRoom() throws Exception {
    String list = render("knm-list-nodes.1");
    assertThat(list)
        .contains("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS")
        .contains("EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO")
        .contains("KNM_PASSPHRASE_FILE")
        .contains("knm list nodes --all -l node-role.kubernetes.io/worker -o name")
        .contains("knm-list(1)");
    // the commands of #14 have their examples; drain's exit status names budgets and interrupts
    String drain = render("knm-drain.1");
    assertThat(drain)
        .contains("EXIT STATUS", "EXAMPLES")
        .contains("knm drain 10-16-10-114.maas -c prod-eu --ignore-daemonsets --dry-run")
        .contains("--max-concurrent-nodes 5")
        .contains("--ignore-daemonsets --resume")
        .contains("--ignore-daemonsets -o ndjson")
        .containsPattern("6\\s+A drain was blocked by a PodDisruptionBudget")
        .containsPattern("130\\s+Interrupted \\(Ctrl-C; for drain also SIGTERM");
    assertThat(render("knm-cordon.1")).contains("EXAMPLES", "knm cordon 10-16-10-114.maas");
    assertThat(render("knm-uncordon.1")).contains("EXAMPLES", "knm uncordon 10-16-10-114.maas");
    assertThat(render("knm-audit.1")).contains("EXAMPLES", "knm audit -c prod-eu --since 24h");
    assertThat(render("knm-watch.1")).contains("EXAMPLES", "knm watch --all --record --serve");
    assertThat(render("knm-events.1")).contains("EXAMPLES", "knm events -c prod-eu --since 1h");
    assertThat(render("knm-broadcast-reload.1"))
        .contains("EXAMPLES", "knm broadcast-reload prod-eu --instances");
    // a global option that means nothing to sandbox is not in its page
    assertThat(render("knm-sandbox.1")).doesNotContain("--store=URL").contains("--nodes=N");
    assertThat(render("knm-list.1")).contains("--store=URL");
  }

  private static String render(String page) throws Exception {
    Result r = run("man", "-l", MAN1.resolve(page).toString());
    assertThat(r.code()).isZero();
    return r.out();
  }

  record Result(int code, String out, String err) {}

  private static Result run(String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(Map.of("MANWIDTH", "100", "MANPAGER", "cat", "PAGER", "cat"));
    Path err = Files.createTempFile("knm-man", ".err");
    try {
      pb.redirectError(err.toFile());
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return new Result(p.exitValue(), out, Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
