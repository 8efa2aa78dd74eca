package dev.knm.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a fresh JVM with class loading logged (this test JVM has loaded most
 * libraries long ago): its exit code, its output and log together, and the classes it loaded.
 */
public record ClassLoadLog(int exit, String log) {
  public static ClassLoadLog run(Class<?> main, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xlog:class+load=info");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new ClassLoadLog(p.exitValue(), log);
  }

  /** The class-load lines. */
  public List<String> loaded() {
    return log.lines().filter(l -> l.contains("class,load")).toList();
  }
}
