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

  /**
   * Runs a command whose stdout is a pipe (knm's own {@link dev.knm.cli.render.StdoutWriter}, as
   * bin/knm has it) that is closed once {@code linesRead} lines were written, as {@code | head -N}
   * closes it: from then on every write fails with EPIPE. The result's out holds the lines read.
   */
  public Result runPipedTo(int linesRead, String... args) {
    java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
    java.io.OutputStream pipe =
        new java.io.OutputStream() {
          private int lines;

          @Override
          public void write(int b) throws java.io.IOException {
            if (lines >= linesRead) {
              throw new java.io.IOException("Broken pipe");
            }
            read.write(b);
            if (b == '\n') {
              lines++;
            }
          }
        };
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args,
            env,
            new ByteArrayInputStream(new byte[0]),
            new dev.knm.cli.render.StdoutWriter(pipe),
            new PrintWriter(err, true));
    return new Result(code, read.toString(StandardCharsets.UTF_8), err.toString());
  }

  /**
   * Starts a command on a thread of its own (a long-running one: `knm watch`), its stdout and
   * stderr collected line by line as they are written.
   */
  public Running start(String... args) {
    return new Running(args);
  }

  /** A command started by {@link #start}. */
  public final class Running {
    private final Lines out = new Lines();
    private final Lines err = new Lines();
    private final java.util.concurrent.CompletableFuture<Integer> exit =
        new java.util.concurrent.CompletableFuture<>();

    private Running(String[] args) {
      Thread t =
          new Thread(
              () -> {
                try {
                  exit.complete(
                      Main.run(
                          args,
                          env,
                          new ByteArrayInputStream(new byte[0]),
                          out.writer(),
                          err.writer()));
                } catch (Throwable e) {
                  exit.completeExceptionally(e);
                }
              },
              "knm-test-" + args[0]);
      t.setDaemon(true);
      t.start();
    }

    public Lines out() {
      return out;
    }

    public Lines err() {
      return err;
    }

    /** Makes stdout behave as a closed pipe from now on (its reader has gone, as `head` does). */
    public void closeStdout() {
      out.close();
    }

    /** The exit code, waiting at most {@code timeout}. */
    public int await(java.time.Duration timeout) throws Exception {
      return exit.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public boolean finished() {
      return exit.isDone();
    }
  }

  /** Lines written to a stream so far, each with when it came (System.nanoTime). */
  public static final class Lines {
    private final java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean closed;

    private PrintWriter writer() {
      java.io.Writer sink =
          new java.io.Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
              synchronized (partial) {
                for (int i = off; i < off + len; i++) {
                  if (cbuf[i] == '\n') {
                    lines.add(partial.toString());
                    arrivals.add(System.nanoTime());
                    partial.setLength(0);
                  } else {
                    partial.append(cbuf[i]);
                  }
                }
              }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
          };
      return new PrintWriter(sink, true) {
        @Override
        public void println(String x) {
          if (!closed) {
            super.println(x);
          }
        }

        @Override
        public boolean checkError() {
          return closed || super.checkError();
        }
      };
    }

    private void close() {
      closed = true;
    }

    public java.util.List<String> lines() {
      return java.util.List.copyOf(lines);
    }

    /** When line {@code i} came, System.nanoTime. */
    public long arrival(int i) {
      return arrivals.get(i);
    }

    /** Waits until some line matches; fails after {@code timeout}. */
    public String await(java.util.function.Predicate<String> match, java.time.Duration timeout)
        throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < end) {
        for (String l : lines) {
          if (match.test(l)) {
            return l;
          }
        }
        Thread.sleep(10);
      }
      throw new AssertionError(
          "no line matched within " + timeout + "; got:\n" + String.join("\n", lines));
    }
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
