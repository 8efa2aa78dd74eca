package dev.knm.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for Enter on stdin (--pause). Stdin is read on a daemon thread of its own, so that Ctrl-C
 * stops the wait (a blocked read cannot be interrupted) and the process may exit while it reads. At
 * the end of input (stdin from /dev/null, a closed pipe) it never waits again.
 */
final class EnterKey {
  private static final String EOF = "\u0000eof";
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private volatile boolean ended;

  EnterKey(InputStream stdin) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
                while (r.readLine() != null) {
                  lines.add("");
                }
              } catch (IOException e) {
                // the same as the end of input: never wait
              }
              lines.add(EOF);
            },
            "knm-demo-stdin");
    reader.setDaemon(true);
    reader.start();
  }

  /** How a wait ended. */
  enum Outcome {
    /** A line came: the terminal has echoed its Enter. */
    ENTER,
    /** The input has ended (now or before): nothing was echoed. */
    END,
    /** {@code stop} said so (Ctrl-C). */
    STOPPED
  }

  /** Waits for a line, the end of input, or {@code stop}. */
  Outcome await(BooleanSupplier stop) throws InterruptedException {
    while (!ended) {
      if (stop.getAsBoolean()) {
        return Outcome.STOPPED;
      }
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (EOF.equals(line)) {
        ended = true;
      } else if (line != null) {
        return Outcome.ENTER;
      }
    }
    return stop.getAsBoolean() ? Outcome.STOPPED : Outcome.END;
  }
}
