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

  public static KnmProcess start(
      Path logDir, String label, Map<String, String> env, List<String> jvmArgs, String... args)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
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
