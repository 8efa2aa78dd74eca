package dev.knm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * knm as a separate process, on the reactor's classes (this test JVM's class path): a fresh
 * environment (only what is given), stdout and stderr to files.
 */
public final class KnmProcess implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private KnmProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /**
   * A test JVM started as a background job of a shell without job control (CI, nohup) ignores
   * SIGINT, and its children inherit that: their JVM then never sees Ctrl-C. Where that is so, the
   * child starts through {@code env --default-signal=INT} (GNU coreutils 8.31+), as from a
   * terminal; where env cannot, nothing is prefixed and {@link #sigintIgnored} says so.
   */
  static final List<String> SIGINT_DEFAULT = sigintDefault();

  private static List<String> sigintDefault() {
    if (!sigintIgnored(ProcessHandle.current().pid())) {
      return List.of();
    }
    String env = java.nio.file.Files.isExecutable(Path.of("/usr/bin/env")) ? "/usr/bin/env" : "env";
    try {
      Process p =
          new ProcessBuilder(env, "--default-signal=INT", "true")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor() == 0 ? List.of(env, "--default-signal=INT") : List.of();
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /** Whether process {@code pid} ignores SIGINT (its SigIgn mask in /proc). */
  public static boolean sigintIgnored(long pid) {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("SigIgn:")) {
          return new java.math.BigInteger(line.substring(7).trim(), 16).testBit(1); // SIGINT: 2
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  public static KnmProcess start(
      Path logDir, String label, Map<String, String> env, List<String> jvmArgs, String... args)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(SIGINT_DEFAULT);
    command.add(java);
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xshare:auto");
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Path out = logDir.resolve(label + ".out");
    Path err = logDir.resolve(label + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(env);
    return new KnmProcess(pb.start(), out, err);
  }

  /** Waits for the exit; -1 when it did not end in time (then it is killed). */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  /** SIGTERM. */
  public void terminate() {
    process.destroy();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public String out() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  public String err() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
