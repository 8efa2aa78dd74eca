package dev.knm.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * The API server also takes request bodies as protobuf ({@code
 * application/vnd.kubernetes.protobuf}): kubectl sends a pod DELETE's DeleteOptions that way (drain
 * --disable-eviction). This reads the one field the sandbox uses, {@code gracePeriodSeconds} (field
 * 1), from the envelope kube-apiserver expects: the magic {@code k8s\0}, then a runtime.Unknown
 * whose field 2 holds the message.
 */
final class ProtobufDeleteOptions {
  static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
  private static final byte[] MAGIC = "k8s\0".getBytes(StandardCharsets.US_ASCII);

  private ProtobufDeleteOptions() {}

  /** gracePeriodSeconds, or null when absent. */
  static Long gracePeriodSeconds(byte[] body) {
    if (body.length < MAGIC.length) {
      throw ApiException.badRequest("a protobuf body without the k8s envelope");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (body[i] != MAGIC[i]) {
        throw ApiException.badRequest("a protobuf body without the k8s envelope");
      }
    }
    byte[] raw = field(body, MAGIC.length, body.length, 2);
    if (raw == null) {
      return null;
    }
    Reader r = new Reader(raw, 0, raw.length);
    Long grace = null;
    while (r.more()) {
      long key = r.varint();
      int number = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (number == 1 && wire == 0) {
        grace = r.varint();
      } else {
        r.skip(wire);
      }
    }
    return grace;
  }

  /** The bytes of the first length-delimited field {@code number} in {@code b[from, to)}. */
  private static byte[] field(byte[] b, int from, int to, int number) {
    Reader r = new Reader(b, from, to);
    while (r.more()) {
      long key = r.varint();
      int wire = (int) (key & 7);
      if ((key >>> 3) == number && wire == 2) {
        int len = (int) r.varint();
        byte[] out = new byte[len];
        System.arraycopy(b, r.pos, out, 0, len);
        return out;
      }
      r.skip(wire);
    }
    return null;
  }

  private static final class Reader {
    final byte[] b;
    int pos;
    final int end;

    Reader(byte[] b, int from, int to) {
      this.b = b;
      this.pos = from;
      this.end = to;
    }

    boolean more() {
      return pos < end;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw ApiException.badRequest("a truncated protobuf body");
        }
        byte x = b[pos++];
        v |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw ApiException.badRequest("a malformed protobuf varint");
    }

    void skip(int wire) {
      switch (wire) {
        case 0 -> varint();
        case 1 -> pos += 8;
        case 2 -> {
          int len = (int) varint(); // read first: pos += varint() would add to the old pos
          pos += len;
        }
        case 5 -> pos += 4;
        default -> throw ApiException.badRequest("an unsupported protobuf wire type " + wire);
      }
    }
  }
}
