package dev.knm.fleet;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The token the API and internal endpoints require. Only its SHA-256 is kept; a presented token is
 * hashed and the two digests compared with {@link MessageDigest#isEqual} (constant time, and the
 * same length whatever was sent, so neither the content nor the length leaks through timing).
 * {@link #toString()} never shows it.
 */
public final class BearerToken {
  private final byte[] digest;

  private BearerToken(byte[] digest) {
    this.digest = digest;
  }

  /** The token from its text (surrounding whitespace, such as a file's newline, is dropped). */
  public static BearerToken of(char[] token) {
    CharBuffer trimmed = CharBuffer.wrap(token);
    int start = 0;
    int end = token.length;
    while (start < end && Character.isWhitespace(token[start])) {
      start++;
    }
    while (end > start && Character.isWhitespace(token[end - 1])) {
      end--;
    }
    if (start == end) {
      throw new IllegalArgumentException("empty token");
    }
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(trimmed.subSequence(start, end));
    byte[] raw = new byte[bytes.remaining()];
    bytes.get(raw);
    try {
      return new BearerToken(sha256(raw));
    } finally {
      Arrays.fill(raw, (byte) 0);
      if (bytes.hasArray()) {
        Arrays.fill(bytes.array(), (byte) 0);
      }
    }
  }

  /** True when {@code authorization} is "Bearer TOKEN" with this token. */
  public boolean matches(String authorization) {
    String presented = "";
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = authorization.substring(7).strip();
    }
    byte[] candidate = sha256(presented.getBytes(StandardCharsets.UTF_8));
    // always compared, also for a missing header: the same work either way
    return MessageDigest.isEqual(digest, candidate) && !presented.isEmpty();
  }

  private static byte[] sha256(byte[] raw) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(raw);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "BearerToken[***]";
  }
}
