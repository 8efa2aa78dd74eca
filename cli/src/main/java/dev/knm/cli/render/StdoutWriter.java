package dev.knm.cli.render;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * knm's stdout: a PrintWriter that does not swallow a closed pipe. Java's PrintStream and
 * PrintWriter catch every IOException and only set a flag ({@code checkError()}), so a command
 * would go on listing into a pipe nobody reads. This one remembers the failure of the stream below
 * and makes the next {@link #flush()} throw: {@link OutputClosedException} for a closed pipe
 * (EPIPE), a {@link WriteFailedException} for anything else (a full disk is an error, not a reader
 * that is done).
 *
 * <p>Every command flushes after each page, row or document it prints, so every streaming command
 * (and {@code knm watch}, drain progress...) stops at its next flush without code of its own; the
 * exception unwinds through the pager (which cancels its in-flight request) to the error handler,
 * which exits 0 without a word.
 */
public final class StdoutWriter extends PrintWriter {
  private final Recording stream;

  public StdoutWriter(OutputStream out) {
    this(new Recording(out));
  }

  private StdoutWriter(Recording stream) {
    super(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    this.stream = stream;
  }

  /**
   * @throws OutputClosedException when the reader closed the pipe
   * @throws UncheckedIOException when writing failed otherwise
   */
  @Override
  public void flush() {
    super.flush();
    IOException failure = stream.failure;
    if (failure != null) {
      if (closedPipe(failure)) {
        throw new OutputClosedException();
      }
      throw new WriteFailedException(failure);
    }
  }

  /**
   * Flushes {@code out} for a command that changes clusters (cordon, drain): its work is not cut
   * short when the reader of its output goes away (`| head -1`), so a closed pipe is not thrown
   * here; what it prints afterwards is dropped.
   *
   * @return false when the reader has gone
   * @throws WriteFailedException when writing failed otherwise (a full disk)
   */
  public static boolean flushWhileRead(PrintWriter out) {
    try {
      out.flush();
      return true;
    } catch (OutputClosedException e) {
      return false;
    }
  }

  /** Writing to stdout failed for another reason than a closed pipe: an error (exit code 1). */
  public static final class WriteFailedException extends UncheckedIOException {
    WriteFailedException(IOException cause) {
      super("cannot write to stdout: " + cause.getMessage(), cause);
    }
  }

  /**
   * EPIPE, as the JDK words it on Linux and macOS ("Broken pipe", "Broken pipe (Write failed)").
   */
  static boolean closedPipe(IOException e) {
    String m = e.getMessage();
    return m != null && m.startsWith("Broken pipe");
  }

  /** Passes bytes through and keeps the first failure. */
  private static final class Recording extends OutputStream {
    private final OutputStream out;
    private volatile IOException failure;

    Recording(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void close() throws IOException {
      out.close();
    }

    private IOException failed(IOException e) {
      if (failure == null) {
        failure = e;
      }
      return e;
    }
  }
}
