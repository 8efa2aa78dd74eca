package dev.knm.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import dev.knm.cli.Main;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import dev.knm.sandbox.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `knm watch` on a real terminal: knm runs as its own process (java with the test's classpath) in a
 * tmux pane of 120x40 watching two sandboxes; the test types with send-keys and reads the screen
 * with capture-pane. It shows the nodes, highlights a node cordoned through the API, filters with
 * /, switches cluster with Tab, follows a resize, quits with q and on Ctrl-C, and leaves the
 * terminal as it was: `stty -a` the same before and after, the main screen back, the cursor shown,
 * the keypad reset.
 */
class WatchScreenTmuxTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SB_NODE = Scenario.nodeName(2); // 10-16-10-112.maas
  private static final String OTHER_NODE = Scenario.nodeName(0);
  private static final String KEY_LINE =
      "q quit  p pause  / filter  Tab/1-9 cluster  Up/Down scroll  ? help";

  @TempDir static Path home;
  static Sandbox sb;
  static Sandbox sb2;
  static Path socket;

  @BeforeAll
  static void start() throws Exception {
    // bookmarks every second: stopping a watch waits for its read to return (see the report)
    sb = Sandbox.start(sandbox(3, 1));
    sb2 = Sandbox.start(sandbox(2, 2));
    CliRunner cli = new CliRunner(home);
    importCluster(cli, "sb", sb);
    importCluster(cli, "sb2", sb2);
    writeLauncher(cli);
    socket = home.resolve("tmux.sock");
    tmux(
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "40",
        "-s",
        "knm",
        "-c",
        home.toString(),
        "bash --norc --noprofile");
    tmux("set-option", "-g", "status", "off");
  }

  private static void importCluster(CliRunner cli, String name, Sandbox sandbox) {
    Path kc = sandbox.writeKubeconfig(home.resolve(name + ".kubeconfig"));
    CliRunner.Result r = cli.run("import", name, "--kubeconfig", kc.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  private static SandboxOptions sandbox(int nodes, long seed) {
    return SandboxOptions.builder()
        .nodes(nodes)
        .pods(0)
        .seed(seed)
        .bookmarkInterval(Duration.ofSeconds(1))
        .build();
  }

  /** ./knm in the pane's directory: this JVM's java and classpath, the test's HOME and store. */
  private static void writeLauncher(CliRunner cli) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    StringBuilder sh = new StringBuilder("#!/bin/sh\n");
    cli.env()
        .forEach(
            (k, v) -> sh.append("export ").append(k).append('=').append(quote(v)).append('\n'));
    sh.append("export LANG=C.UTF-8\n");
    sh.append("exec ")
        .append(quote(java))
        .append(" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp ")
        .append(quote(System.getProperty("java.class.path")))
        .append(' ')
        .append(Main.class.getName())
        .append(" \"$@\"\n");
    Path knm = home.resolve("knm");
    Files.writeString(knm, sh);
    knm.toFile().setExecutable(true);
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (socket != null) {
        run(List.of("tmux", "-S", socket.toString(), "kill-server"));
      }
    } finally {
      sb.close();
      sb2.close();
    }
  }

  @Test
  void showsHighlightsFiltersSwitchesQuitsAndLeavesTheTerminalAsItWas() throws Exception {
    // given knm watch on two clusters in the pane, the terminal's settings noted before
    shell(
        "clear; stty -a > stty-before.txt; ./knm watch -c sb -c sb2; echo EXIT=$?;"
            + " stty -a > stty-after.txt");
    String screen =
        await(
            s -> s.contains("NODES of sb (3)") && synced(s, "sb") && synced(s, "sb2"),
            "both clusters synced");
    assertThat(screen).contains(Scenario.nodeName(0), Scenario.nodeName(1), SB_NODE);
    assertThat(pane("#{alternate_on} #{cursor_flag}")).isEqualTo("1 0");

    // when a node of sb is cordoned through the API
    new SandboxApi(sb)
        .patch(SB_NODE, false, SandboxApi.MERGE, "{\"spec\":{\"unschedulable\":true}}");

    // then its row is marked, in bold yellow, and its change is logged
    screen = await(s -> s.contains("*  " + SB_NODE), "the cordoned node marked");
    assertThat(line(screen, "*  " + SB_NODE))
        .contains("Ready,SchedulingDisabled")
        .contains("cordoned (");
    assertThat(screen).containsPattern("\\d\\d:\\d\\d:\\d\\d  sb   " + SB_NODE + "  cordoned");
    assertThat(line(screen, "> 1  sb ")).containsPattern("synced +3 +3 +0 +1 ");
    String styled = capture(true);
    assertThat(sgrBefore(line(styled, SB_NODE + "  Ready,SchedulingDisabled"), "*"))
        .as("SGR of the cordoned node's row")
        .contains(1, 33);
    assertThat(sgrBefore(line(styled, OTHER_NODE), OTHER_NODE))
        .as("SGR of an unchanged node's row")
        .doesNotContain(1, 33);

    // when / then 112 is typed: the node list and the log narrow as it is typed
    keys("-l", "/112");
    screen = await(s -> s.contains("NODES of sb (1 of 3 match \"112\")"), "the filtered list");
    assertThat(screen).doesNotContain(OTHER_NODE).contains("/112");
    assertThat(line(screen, "CHANGES")).isEqualTo("CHANGES (3) matching \"112\"");

    // when Enter keeps it, then Esc clears it
    keys("Enter");
    await(s -> s.contains("filter: 112 (Esc clears)"), "the kept filter");
    keys("Escape");
    screen = await(s -> s.contains("NODES of sb (3)"), "the whole list again");
    assertThat(screen).contains(OTHER_NODE).doesNotContain("filter: 112");

    // when Tab: the next cluster
    keys("Tab");
    screen = await(s -> s.contains("NODES of sb2 (2)"), "the nodes of sb2");
    assertThat(line(screen, "> 2  sb2")).containsPattern("synced +2 +2 +0 +0 ");
    assertThat(screen.lines()).anyMatch(l -> l.startsWith("  1  sb "));
    assertThat(screen).doesNotContain(SB_NODE + "  Ready");

    // when the terminal shrinks to 100x30 (SIGWINCH), and grows back
    tmux("resize-window", "-t", "knm", "-x", "100", "-y", "30");
    screen = await(s -> s.lines().findFirst().orElse("").length() == 99, "the screen at 100x30");
    assertThat(screen.lines().findFirst().orElseThrow()).endsWith("? help  q quit");
    assertThat(screen.lines().count()).isEqualTo(30);
    assertThat(screen.lines()).allMatch(l -> l.length() <= 100).contains(KEY_LINE);
    assertThat(screen).contains("NODES of sb2 (2)");
    tmux("resize-window", "-t", "knm", "-x", "120", "-y", "40");
    await(s -> s.lines().findFirst().orElse("").length() == 119, "the screen at 120x40 again");

    // when q
    keys("q");

    // then knm exits 0, and the terminal is as it was
    screen = await(s -> EXIT.matcher(s).find(), "knm's exit");
    assertThat(screen).containsPattern("(?m)^EXIT=0$").doesNotContain("NODES of");
    awaitFile("stty-after.txt");
    assertThat(Files.readString(home.resolve("stty-after.txt")))
        .isEqualTo(Files.readString(home.resolve("stty-before.txt")));
    assertThat(pane("#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag}"))
        .isEqualTo("0 1 0 0");
  }

  @Test
  void ctrlCEndsTheScreenWith130AndLeavesTheTerminalAsItWas() throws Exception {
    shell(
        "clear; stty -a > stty-before-int.txt; ./knm watch -c sb; echo EXIT=$?;"
            + " stty -a > stty-after-int.txt");
    await(s -> s.contains("NODES of sb (3)") && synced(s, "sb"), "sb synced");

    keys("C-c");

    String screen = await(s -> EXIT.matcher(s).find(), "knm's exit");
    assertThat(screen).containsPattern("(?m)^EXIT=130$").doesNotContain("NODES of");
    awaitFile("stty-after-int.txt");
    assertThat(Files.readString(home.resolve("stty-after-int.txt")))
        .isEqualTo(Files.readString(home.resolve("stty-before-int.txt")));
    assertThat(pane("#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag}"))
        .isEqualTo("0 1 0 0");
  }

  // ---------------------------------------------------------------- the pane

  private static boolean synced(String screen, String cluster) {
    return screen.lines().anyMatch(l -> l.matches("[> ] \\d  " + cluster + " +synced .*"));
  }

  /** The pane's first line containing {@code text}. */
  private static String line(String screen, String text) {
    return screen
        .lines()
        .filter(l -> l.contains(text))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line with '" + text + "' in:\n" + screen));
  }

  /** What the shell echoes after knm (not the command line typed, which reads EXIT=$?). */
  private static final Pattern EXIT = Pattern.compile("(?m)^EXIT=\\d+$");

  private static final Pattern SGR = Pattern.compile("\u001b\\[([0-9;]*)m");

  /**
   * The SGR attributes in effect where {@code marker} first appears in a line captured with escapes
   * (tmux writes them as it has them: 1 bold, 33 yellow, 0 reset...).
   */
  private static List<Integer> sgrBefore(String line, String marker) {
    int end = line.indexOf(marker);
    assertThat(end).as("'" + marker + "' in " + line).isGreaterThanOrEqualTo(0);
    List<Integer> on = new ArrayList<>();
    Matcher m = SGR.matcher(line.substring(0, end));
    while (m.find()) {
      for (String p : m.group(1).isEmpty() ? new String[] {"0"} : m.group(1).split(";")) {
        int code = Integer.parseInt(p);
        if (code == 0) {
          on.clear();
        } else {
          on.add(code);
        }
      }
    }
    return on;
  }

  private static void shell(String command) throws Exception {
    keys("-l", command);
    keys("Enter");
  }

  private static void keys(String... keys) throws Exception {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", "knm"));
    args.addAll(List.of(keys));
    tmux(args.toArray(String[]::new));
  }

  private static String capture(boolean escapes) throws Exception {
    return escapes
        ? tmux("capture-pane", "-p", "-e", "-t", "knm")
        : tmux("capture-pane", "-p", "-t", "knm");
  }

  private static String pane(String format) throws Exception {
    return tmux("display-message", "-p", "-t", "knm", format).strip();
  }

  /** Polls the pane until {@code p} holds; a slow, loaded machine only makes it wait longer. */
  private static String await(Predicate<String> p, String what) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    String screen = "";
    while (System.nanoTime() < end) {
      screen = capture(false);
      if (p.test(screen)) {
        return screen;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the pane never showed " + what + "; it shows:\n" + screen);
  }

  private static void awaitFile(String name) throws Exception {
    Path f = home.resolve(name);
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      if (Files.exists(f) && Files.size(f) > 0) {
        Thread.sleep(100); // stty writes it in one go; let it finish
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(name + " was never written");
  }

  private static String tmux(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }
}
