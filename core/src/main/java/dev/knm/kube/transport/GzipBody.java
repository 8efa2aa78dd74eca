package dev.knm.kube.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/**
 * Decodes a {@code Content-Encoding: gzip} body (kube-apiserver gzips responses of 128 KiB or more
 * when asked). GZIPInputStream inflates with the JDK's native zlib.
 */
final class GzipBody {
  private GzipBody() {}

  /** The body as sent, or inflated when {@code contentEncoding} is gzip. */
  static byte[] decode(String contentEncoding, byte[] body) throws IOException {
    if (contentEncoding == null
        || contentEncoding.isBlank()
        || contentEncoding.trim().equalsIgnoreCase("identity")) {
      return body;
    }
    if (!contentEncoding.trim().equalsIgnoreCase("gzip")) {
      throw new IOException("response body has an unsupported Content-Encoding");
    }
    if (body == null || body.length == 0) {
      return body;
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 64 * 1024)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IOException("response body is not valid gzip", e);
    }
  }
}
