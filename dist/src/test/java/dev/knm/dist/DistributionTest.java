package dev.knm.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive `./mvnw package` built (run by failsafe after the package phase): what it holds, that
 * it runs unpacked anywhere, that its completion scripts are the ones `knm completion` prints (the
 * build check that they cannot be stale), and the README's install lines from a fresh HOME.
 */
class DistributionTest {
  static final Path ARCHIVE = Path.of(System.getProperty("knm.archive"));
  static final Path ROOT = Path.of(System.getProperty("knm.root"));
  static final Path MAN_PAGES = ROOT.resolve("man/target/classes/share/man/man1");

  @TempDir Path tmp;

  @Test
  void theArchiveHoldsTheLauncherLibrariesManPagesCompletionReadmeAndLicense() throws Exception {
    // when
    Result listing = run(tmp, Map.of(), "tar", "-tvzf", ARCHIVE.toString());

    // then
    assertThat(listing.code()).isZero();
    List<String> names = new ArrayList<>();
    for (String line : listing.out().lines().toList()) {
      names.add(line.substring(line.lastIndexOf(' ') + 1));
    }
    assertThat(names)
        .contains(
            "bin/knm",
            "lib/knm-cli.jar",
            "lib/knm-core-0.1.0-SNAPSHOT.jar",
            "lib/knm-completion-0.1.0-SNAPSHOT.jar",
            "lib/picocli-4.7.7.jar",
            "share/completion/knm.bash",
            "share/completion/knm.zsh",
            "share/completion/knm.fish",
            "share/man/man1/knm.1",
            "share/man/man1/knm-list-nodes.1",
            "share/man/man1/knm-cordon.1",
            "share/man/man1/knm-uncordon.1",
            "share/man/man1/knm-drain.1",
            "share/man/man1/knm-audit.1",
            "share/man/man1/knm-watch.1",
            "share/man/man1/knm-events.1",
            "share/man/man1/knm-broadcast-reload.1",
            "share/doc/knm/html/knm.html",
            "README.md",
            "LICENSE");
    try (Stream<Path> pages = Files.list(MAN_PAGES)) {
      for (Path page : pages.toList()) {
        assertThat(names).contains("share/man/man1/" + page.getFileName());
      }
    }
    assertThat(listing.out().lines().filter(l -> l.endsWith(" bin/knm")).findFirst().orElseThrow())
        .startsWith("-rwxr-xr-x");
  }

  @Test
  void unpackedAnywhereItRunsAndPrintsItsVersionCommitAndJava() throws Exception {
    // given: the archive unpacked in a directory of its own, a fresh HOME
    Path dir = unpack();

    // when
    Result version = run(dir, freshHome(), dir.resolve("bin/knm").toString(), "--version");

    // then
    assertThat(version.code()).as(version.err()).isZero();
    assertThat(version.out())
        .matches(
            "knm 0\\.1\\.0-SNAPSHOT\ncommit: ([0-9a-f]{7,}( \\(modified\\))?|unknown)\n"
                + "java: \\S+ \\(.+, .+\\)\n");
  }

  @Test
  void theShippedCompletionScriptsAreTheOnesKnmPrints() throws Exception {
    Path dir = unpack();
    for (String shell : List.of("bash", "zsh", "fish")) {
      Result printed =
          run(dir, freshHome(), dir.resolve("bin/knm").toString(), "completion", shell);
      assertThat(printed.code()).as(printed.err()).isZero();
      assertThat(printed.out())
          .as(shell)
          .isEqualTo(Files.readString(dir.resolve("share/completion/knm." + shell)));
    }
  }

  @Test
  void theReadmeInstallLinesWorkFromAFreshHome() throws Exception {
    // given: the README's install block, less the build (done), and a HOME with nothing in it
    String readme = Files.readString(ROOT.resolve("README.md"));
    int install = readme.indexOf("\n## Install\n");
    int start = readme.indexOf("```sh\n", install) + "```sh\n".length();
    String block = readme.substring(start, readme.indexOf("```", start));
    List<String> lines = block.lines().filter(l -> !l.startsWith("./mvnw")).toList();
    assertThat(lines).isNotEmpty().anyMatch(l -> l.contains("tar -xzf dist/target/knm.tar.gz"));
    Map<String, String> env = freshHome();

    // when
    Result installed = run(ROOT, env, "bash", "-euo", "pipefail", "-c", String.join("\n", lines));

    // then
    assertThat(installed.code()).as(installed.err()).isZero();
    Path home = Path.of(env.get("HOME"));
    Result version = run(home, env, home.resolve(".local/bin/knm").toString(), "--version");
    assertThat(version.code()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("knm 0.1.0-SNAPSHOT\n");
    assertThat(home.resolve(".local/share/man/man1/knm-list-nodes.1")).isRegularFile();
    assertThat(home.resolve(".local/share/bash-completion/completions/knm")).isRegularFile();
  }

  @Test
  void aFirstRunWithoutABuiltCacheSaysOnStderrWhatItDoesAndThatItHappensOnce() throws Exception {
    // given: the archive unpacked elsewhere, a fresh HOME, and a cache kind the build did not make
    // here (the static archive is bound to the directory it was made for)
    Path dir = unpack();
    Map<String, String> env = freshHome();
    env.put("KNM_START_CACHE", "cds");

    // when: run twice, stderr not a terminal
    Result first = run(dir, env, dir.resolve("bin/knm").toString(), "--version");
    Result second = run(dir, env, dir.resolve("bin/knm").toString(), "--version");

    // then: the first says it makes the cache, once; the second uses it silently
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.err())
        .matches(
            "knm: making the start-up cache for Java \\d+ in .*/\\.cache/knm/cache-\\d+ \\(once per"
                + " build and Java, 10-20 s; KNM_START_CACHE=none skips it\\)\\.\\.\\.\n");
    assertThat(second.err()).isEmpty();
    assertThat(second.out()).isEqualTo(first.out());
    try (Stream<Path> caches = Files.list(Path.of(env.get("XDG_CACHE_HOME"), "knm"))) {
      Path cache = caches.findFirst().orElseThrow();
      try (Stream<Path> files = Files.list(cache)) {
        assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".jsa"));
      }
    }
  }

  @Test
  void onATerminalAPassphraseStoreAsksForThePassphraseWithoutEcho() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
    // given: a store sealed with a passphrase
    Path knm = Path.of(System.getProperty("knm.dist"), "bin/knm");
    Map<String, String> env = freshHome();
    String store = "jdbc:h2:file:" + tmp.resolve("store/knm");
    Path passphrase = Files.writeString(tmp.resolve("passphrase"), "the secret words\n");
    Path kubeconfig =
        Files.writeString(
            tmp.resolve("k.yaml"),
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server:"
                + " https://127.0.0.1:9\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n-"
                + " name: x\n  context:\n    cluster: c\n    user: u\ncurrent-context: x\n");
    Result imported =
        run(
            tmp,
            env,
            knm.toString(),
            "--store",
            store,
            "--passphrase-file",
            passphrase.toString(),
            "import",
            "lab",
            "--kubeconfig",
            kubeconfig.toString(),
            "--no-verify");
    assertThat(imported.code()).as(imported.err()).isZero();
    // a script that runs describe on a real terminal (tmux) and says how it ended
    StringBuilder script = new StringBuilder();
    env.forEach((k, v) -> script.append("export ").append(k).append("='").append(v).append("'\n"));
    script
        .append("'")
        .append(knm)
        .append("' --store '")
        .append(store)
        .append("' describe cluster lab; echo EXIT=$?; sleep 60\n");
    Path sh = Files.writeString(tmp.resolve("describe.sh"), script.toString());
    String socket = "knm-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    try {
      assertThat(
              run(
                      tmp,
                      Map.of(),
                      "tmux",
                      "-L",
                      socket,
                      "new-session",
                      "-d",
                      "-x",
                      "150",
                      "-y",
                      "50",
                      "bash " + sh)
                  .code())
          .isZero();

      // when: the passphrase is typed at the prompt
      String screen = waitForScreen(socket, "Passphrase of the knm store:");
      run(tmp, Map.of(), "tmux", "-L", socket, "send-keys", "-l", "the secret words");
      run(tmp, Map.of(), "tmux", "-L", socket, "send-keys", "Enter");
      screen = waitForScreen(socket, "EXIT=");

      // then: the store opened, and the passphrase never showed on the screen
      assertThat(screen).contains("Name:           lab").contains("EXIT=0");
      assertThat(screen).doesNotContain("the secret words");
    } finally {
      run(tmp, Map.of(), "tmux", "-L", socket, "kill-server");
    }
  }

  private String waitForScreen(String socket, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    String screen = "";
    while (System.nanoTime() < deadline) {
      screen = run(tmp, Map.of(), "tmux", "-L", socket, "capture-pane", "-p").out();
      if (screen.contains(text)) {
        return screen;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the screen never showed '" + text + "':\n" + screen);
  }

  private Path unpack() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("anywhere/knm"));
    Result r = run(dir, Map.of(), "tar", "-xzf", ARCHIVE.toString(), "-C", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    return dir;
  }

  private Map<String, String> freshHome() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home-" + System.nanoTime()));
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    // the tests are about the files: no start-up cache is made for a relocated copy
    env.put("KNM_START_CACHE", "none");
    return env;
  }

  record Result(int code, String out, String err) {}

  private static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("KNM_") || k.startsWith("XDG_"));
    pb.environment().putAll(env);
    Path err = Files.createTempFile("knm-dist", ".err");
    try {
      pb.redirectError(err.toFile());
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      return new Result(p.exitValue(), out, Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
