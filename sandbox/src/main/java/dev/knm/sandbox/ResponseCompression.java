package dev.knm.sandbox;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip of non-watch response bodies by kube-apiserver's rule (APIResponseCompression, on by
 * default; k8s.io/apiserver responsewriters): only when the client's {@code Accept-Encoding} lists
 * {@code gzip} and the body is larger than 128 KiB, at gzip level 1. Clients such as kubectl (Go)
 * ask for gzip, so without this every big list costs them several times the bytes it would on a
 * real cluster.
 */
final class ResponseCompression {
  /** The apiserver compresses a body only when it is strictly larger than this. */
  static final int THRESHOLD_BYTES = 128 * 1024;

  /** The apiserver's level: least CPU, ratio within 1.1-1.3x of the best (kubernetes#112296). */
  static final int LEVEL = 1;

  // magic, deflate, no flags, no mtime, XFL 4 (fastest) and OS 255 (unknown), as Go's gzip writes
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 4, (byte) 0xff};

  private ResponseCompression() {}

  /**
   * Whether an {@code Accept-Encoding} header asks for gzip, parsed as the apiserver does: the
   * comma-separated entries, trimmed, one of them exactly {@code gzip}. So an entry with parameters
   * ({@code gzip;q=0}, and also {@code gzip;q=0.5}) does not count, nor does {@code GZIP} or {@code
   * *}.
   */
  static boolean accepted(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String entry : acceptEncoding.split(",", -1)) {
      if (entry.trim().equals("gzip")) {
        return true;
      }
    }
    return false;
  }

  /** Whether a body of {@code length} bytes goes out gzip-encoded for this header. */
  static boolean applies(String acceptEncoding, int length) {
    return length > THRESHOLD_BYTES && accepted(acceptEncoding);
  }

  /** The body as one gzip member, compressed at {@link #LEVEL} by the JDK's zlib. */
  static Buffer gzip(Buffer body) {
    ByteBuffer in = body.getByteBuf().nioBuffer();
    CRC32 crc = new CRC32();
    crc.update(in.duplicate());
    Deflater deflater = new Deflater(LEVEL, true);
    try {
      deflater.setInput(in);
      deflater.finish();
      Buffer out = Buffer.buffer(body.length() / 4 + 64);
      out.appendBytes(HEADER);
      byte[] chunk = new byte[64 * 1024];
      while (!deflater.finished()) {
        out.appendBytes(chunk, 0, deflater.deflate(chunk));
      }
      out.appendIntLE((int) crc.getValue());
      out.appendIntLE(body.length()); // ISIZE: the input length modulo 2^32
      return out;
    } finally {
      deflater.end();
    }
  }
}
