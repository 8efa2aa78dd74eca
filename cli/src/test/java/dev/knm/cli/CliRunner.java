package dev.knm.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs knm commands in-process against one store and one key, as a user's shell would: a fresh
 * HOME, XDG dirs and key file under a temp directory, and stdout/stderr captured.
 */
public final class CliRunner {
  private final Map<String, String> env = new HashMap<>();

  public record Result(int exitCode, String out, String err) {}

  public CliRunner(Path home) {
    env.put("HOME", home.toString());
    env.put("XDG_DATA_HOME", home.resolve("data").toString());
    env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
  }

  public CliRunner env(String key, String value) {
    env.put(key, value);
    return this;
  }

  public Map<String, String> env() {
    return env;
  }

  public Result run(String... args) {
    return runWithStdin("", args);
  }

  public Result runWithStdin(String stdin, String... args) {
    return runWithStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
  }

  public Result runWithStdin(InputStream stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, env, stdin, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** A one-context kubeconfig with a bearer token. */
  public static String kubeconfig(String server, String context, String token) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: %s
        users:
        - name: u
          user:
            token: %s
        contexts:
        - name: %s
          context:
            cluster: c
            user: u
        current-context: %s
        """
        .formatted(server, token, context, context);
  }
}
