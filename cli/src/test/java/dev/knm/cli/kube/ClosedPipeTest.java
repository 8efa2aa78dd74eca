package dev.knm.cli.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import dev.knm.cli.KnmContext;
import dev.knm.cli.Main;
import dev.knm.cli.render.StdoutWriter;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #10, "closed pipes": when the reader of stdout goes away, a streaming command stops at
 * once, asks for no more pages, and exits 0 without a word (docs/exit-codes.md).
 */
class ClosedPipeTest {
  static final int PODS = 40_000;
  static final int PAGES = PODS / 500;
  @TempDir static Path home;
  static Sandbox sandbox;
  static CliRunner cli;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.builder().nodes(100).pods(PODS).seed(21).build());
    cli = new CliRunner(home);
    KubeFixture.importSandbox(cli, home, "big", sandbox);
    KubeFixture.importSandbox(cli, home, "big2", sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static long podPages() {
    return sandbox.requestLog().count(e -> e.path().equals("/api/v1/pods"));
  }

  /** The real thing: knm as a process, piped into head(1) by bash. */
  @Test
  void listPodsIntoHeadEndsWithinOneSecondOfHeadAndAsksForNoMorePages() throws Exception {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add("-c");
    command.add(
        "\"$0\" \"$@\" 2>\"$KNM_T/err\" | { head -2 >\"$KNM_T/out\"; date +%s%N >\"$KNM_T/head\"; }\n"
            + "echo \"${PIPESTATUS[0]}\" >\"$KNM_T/status\"\n"
            + "date +%s%N >\"$KNM_T/end\"");
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp"));
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of("list", "pods", "-c", "big", "-A"));
    Path t = Files.createDirectories(home.resolve("pipe"));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(cli.env());
    pb.environment().put("PATH", System.getenv("PATH"));
    pb.environment().put("KNM_T", t.toString());
    pb.redirectErrorStream(true).redirectOutput(t.resolve("bash.log").toFile());
    sandbox.requestLog().clear();

    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the pipeline ended").isTrue();
    long afterExit = podPages();
    Thread.sleep(500);

    assertThat(Files.readString(t.resolve("bash.log"))).isEmpty();
    assertThat(Files.readString(t.resolve("err"))).isEmpty();
    assertThat(Files.readString(t.resolve("status")).strip()).isEqualTo("0");
    List<String> out = Files.readAllLines(t.resolve("out"));
    assertThat(out).hasSize(2);
    assertThat(out.get(0)).startsWith("NAMESPACE ").contains(" NAME ");
    long headDone = Long.parseLong(Files.readString(t.resolve("head")).strip());
    long end = Long.parseLong(Files.readString(t.resolve("end")).strip());
    long ms = (end - headDone) / 1_000_000;
    System.out.printf(
        "closed pipe: knm ended %d ms after head, after %d of %d pages%n", ms, afterExit, PAGES);
    assertThat(ms).as("ms from head's exit to the pipeline's end").isLessThanOrEqualTo(1000);
    // it stopped at the page it could not write: the one after head left, and the one prefetched
    assertThat(afterExit).isBetween(1L, 4L);
    assertThat(podPages()).as("no requests after it ended").isEqualTo(afterExit);
  }

  /** stdout as a closed pipe: takes {@code room} bytes, then fails as EPIPE does. */
  private static final class ClosedAfter extends OutputStream {
    private final String failure;
    private long room;

    ClosedAfter(long room, String failure) {
      this.room = room;
      this.failure = failure;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > room) {
        room = 0;
        throw new IOException(failure);
      }
      room -= len;
    }
  }

  private record Run(int code, String err) {}

  private static Run runInto(OutputStream stdout, String... args) {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args,
            new KnmContext(cli.env(), new ByteArrayInputStream(new byte[0]), false),
            new StdoutWriter(stdout),
            new PrintWriter(err, true));
    return new Run(code, err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"table", "wide", "name", "json", "ndjson", "yaml"})
  void everyPodFormatStopsAtTheClosedPipe(String format) {
    sandbox.requestLog().clear();

    Run r =
        runInto(
            new ClosedAfter(4096, "Broken pipe"), "list", "pods", "-c", "big", "-A", "-o", format);

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(podPages()).isBetween(1L, 3L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"table", "name", "ndjson"})
  void listNodesOverSeveralClustersStopsAtTheClosedPipe(String format) {
    Run r =
        runInto(
            new ClosedAfter(0, "Broken pipe"),
            "list",
            "nodes",
            "-c",
            "big",
            "-c",
            "big2",
            "-o",
            format);

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void anotherWriteFailureIsAnError() {
    Run r =
        runInto(
            new ClosedAfter(100, "No space left on device"),
            "list",
            "pods",
            "-c",
            "big",
            "-A",
            "-o",
            "name");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: cannot write to stdout: No space left on device\n");
  }

  @Test
  void stdoutWriterPassesTextThroughUnchanged() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    StdoutWriter w = new StdoutWriter(bytes);
    w.print("héllo ");
    w.println(42);
    w.flush();
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("héllo 42" + System.lineSeparator());
  }
}
