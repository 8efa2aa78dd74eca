package dev.knm.cli.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.cli.KnmContext;
import dev.knm.cli.Main;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #10, "a hung API server never holds a command for minutes": against a server that accepts
 * connections and never answers, every command that talks to clusters ends within its deadline + 1
 * s, with exit code 4 and one line naming the cluster and "timed out".
 */
class HungClusterTest {
  static final Duration MARGIN = Duration.ofSeconds(1);
  @TempDir static Path home;
  static Sandbox sandbox;
  static HungServer hung;
  static CliRunner cli;
  static Path hungKubeconfig;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.builder().nodes(3).pods(20).seed(5).build());
    hung = new HungServer();
    cli = new CliRunner(home);
    KubeFixture.importSandbox(cli, home, "lab", sandbox);
    Path kc = sandbox.writeKubeconfig(home.resolve("for-hung.kubeconfig"));
    hungKubeconfig =
        Files.writeString(
            home.resolve("hung.kubeconfig"),
            hung.kubeconfigFrom(Files.readString(kc), sandbox.url()));
    Result r =
        cli.run(
            "import",
            "hung",
            "--kubeconfig",
            hungKubeconfig.toString(),
            "--no-verify",
            "-l",
            "h=1");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    hung.close();
    sandbox.close();
  }

  private record Timed(Result result, Duration took) {}

  private static Timed timed(CliRunner runner, String... args) {
    long start = System.nanoTime();
    Result r = runner.run(args);
    return new Timed(r, Duration.ofNanos(System.nanoTime() - start));
  }

  private static void endsInTimeWithOneLine(Timed t, Duration deadline, String line) {
    assertThat(t.result().exitCode()).as(t.result().err()).isEqualTo(4);
    assertThat(t.result().err()).isEqualTo(line + "\n");
    assertThat(t.took()).isLessThanOrEqualTo(deadline.plus(MARGIN));
  }

  @Test
  void listNodesEndsAtItsDeadline() {
    Timed t = timed(cli, "list", "nodes", "-c", "hung", "--deadline", "2s");
    endsInTimeWithOneLine(
        t,
        Duration.ofSeconds(2),
        "error: cluster hung: GET /api/v1/nodes timed out: no answer within the deadline of 2s");
    assertThat(t.result().out()).isEmpty();
    assertThat(hung.connections()).isPositive(); // it really was asked
  }

  @Test
  void listPodsEndsAtItsDeadlineGivenByTheEnvironment() {
    CliRunner withEnv = new CliRunner(home).env("KNM_DEADLINE", "2s");
    Timed t = timed(withEnv, "list", "pods", "-c", "hung", "-A");
    endsInTimeWithOneLine(
        t,
        Duration.ofSeconds(2),
        "error: cluster hung: GET /api/v1/pods timed out: no answer within the deadline of 2s");
  }

  @Test
  void describeNodeEndsAtItsDeadline() {
    Timed t = timed(cli, "describe", "node", "n1", "-c", "hung", "--deadline", "2s");
    endsInTimeWithOneLine(
        t,
        Duration.ofSeconds(2),
        "error: cluster hung: GET /api/v1/nodes/n1 timed out: no answer within the deadline of"
            + " 2s");
  }

  @Test
  void refreshEndsAtItsDeadlineAndRecordsTheTimeout() {
    Timed t = timed(cli, "list", "--refresh", "-l", "h=1", "--deadline", "2s", "--no-headers");
    endsInTimeWithOneLine(
        t,
        Duration.ofSeconds(2),
        "error: cluster hung: GET /version timed out: no answer within the deadline of 2s");
    assertThat(t.result().out()).startsWith("hung   Unreachable   -   -   ");
    assertThat(cli.run("describe", "cluster", "hung").out())
        .contains(
            "Last Error:     cluster hung: GET /version timed out: no answer within the deadline"
                + " of 2s\n");
  }

  @Test
  void importEndsAtItsDeadlineAndStoresNothing() {
    String before = cli.run("list", "-o", "json").out();
    Timed t =
        timed(
            cli, "import", "hung2", "--kubeconfig", hungKubeconfig.toString(), "--deadline", "2s");
    endsInTimeWithOneLine(
        t,
        Duration.ofSeconds(2),
        "error: cluster hung2: GET /version timed out: no answer within the deadline of 2s");
    assertThat(t.result().out()).isEmpty();
    assertThat(cli.run("list", "-o", "json").out()).isEqualTo(before);
  }

  @Test
  void aRequestTimeoutOf3sIsRetriedOnceAndEndsWithin7s() {
    // the default deadline (a tier's, over a minute) does not apply: the request timeout does
    Timed t = timed(cli, "list", "nodes", "-c", "hung", "--request-timeout", "3s");
    assertThat(t.result().exitCode()).isEqualTo(4);
    assertThat(t.result().err())
        .isEqualTo("error: cluster hung: GET /api/v1/nodes timed out after 3s (1 retry)\n");
    assertThat(t.took()).isLessThanOrEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aRealProcessCountsItsStartUpAgainstTheDeadline() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp"));
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of("list", "nodes", "-c", "hung", "--deadline", "3s"));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(cli.env());
    Path err = home.resolve("process.err");
    pb.redirectOutput(home.resolve("process.out").toFile()).redirectError(err.toFile());
    long start = System.nanoTime();

    Process p = pb.start();
    assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(p.exitValue()).isEqualTo(4);
    assertThat(Files.readString(err))
        .isEqualTo(
            "error: cluster hung: GET /api/v1/nodes timed out: no answer within the deadline of"
                + " 3s\n");
    assertThat(took).isLessThanOrEqualTo(Duration.ofSeconds(3).plus(MARGIN));
  }

  /** Records when each write happened. */
  private static final class TimedWriter extends Writer {
    final long start = System.nanoTime();
    final List<long[]> at = new ArrayList<>(); // {nanos since start, text index}
    final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void write(char[] buf, int off, int len) {
      at.add(new long[] {System.nanoTime() - start, text.length()});
      text.append(buf, off, len);
    }

    /** When {@code s} was first written, since the start. */
    synchronized Duration when(String s) {
      int i = text.indexOf(s);
      assertThat(i).as("never written: " + s).isNotNegative();
      long t = 0;
      for (long[] w : at) {
        if (w[1] <= i) {
          t = w[0];
        }
      }
      return Duration.ofNanos(t);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void withAllClustersTheOthersPrintAtOnceAndTheHungOneAtItsDeadline() {
    TimedWriter out = new TimedWriter();
    TimedWriter err = new TimedWriter();
    int code =
        Main.run(
            new String[] {"list", "nodes", "--all", "--deadline", "4s"},
            new KnmContext(cli.env(), new ByteArrayInputStream(new byte[0]), false),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    Duration took = Duration.ofNanos(System.nanoTime() - out.start);

    assertThat(code).isEqualTo(3);
    assertThat(err.text.toString())
        .isEqualTo(
            "error: cluster hung: GET /api/v1/nodes timed out: no answer within the deadline of"
                + " 4s\n"
                + "error: 1 of 2 clusters failed\n");
    List<String> rows = out.text.toString().lines().toList();
    assertThat(rows.get(0)).startsWith("CLUSTER   NAME ");
    assertThat(rows.subList(1, rows.size()))
        .hasSize(KubeFixture.nodeNames(sandbox).size())
        .allMatch(l -> l.startsWith("lab       10-16-10-"));
    // lab's rows did not wait for the hung cluster; its error came at the deadline
    assertThat(out.when("lab ")).isLessThan(Duration.ofMillis(2500));
    assertThat(err.when("error: cluster hung")).isBetween(Duration.ofSeconds(4), took);
    assertThat(took).isLessThanOrEqualTo(Duration.ofSeconds(4).plus(MARGIN));
  }

  @Test
  void badDeadlinesAreUsageErrors() {
    Result bad = cli.run("list", "nodes", "-c", "hung", "--deadline", "soon");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err())
        .startsWith(
            "error: Invalid value for option '--deadline': invalid duration 'soon' for"
                + " --deadline: use e.g. 500ms, 30s, 5m, 1h\n");
    Result env =
        new CliRunner(home).env("KNM_DEADLINE", "1 minute").run("list", "pods", "-c", "hung");
    assertThat(env.exitCode()).isEqualTo(2);
    assertThat(env.err())
        .isEqualTo(
            "error: invalid duration '1 minute' for KNM_DEADLINE: use e.g. 500ms, 30s, 5m, 1h\n");
  }
}
