package dev.knm.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl as a process. */
final class Kubectl {
  record Result(int exit, String out, String err) {}

  private final Path kubeconfig;

  Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  Result run(String... args) throws IOException, InterruptedException {
    return run(120, args);
  }

  Result run(int timeoutSeconds, String... args) throws IOException, InterruptedException {
    Process p = start(args);
    java.util.concurrent.CompletableFuture<byte[]> out =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    java.util.concurrent.CompletableFuture<byte[]> err =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return new Result(
        p.exitValue(),
        new String(out.join(), StandardCharsets.UTF_8),
        new String(err.join(), StandardCharsets.UTF_8));
  }

  Process start(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("kubectl");
    cmd.add("--kubeconfig");
    cmd.add(kubeconfig.toString());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).start();
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
