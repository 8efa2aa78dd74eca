package dev.knm.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The "-----BEGIN LABEL-----" blocks of a PEM text, decoded to DER. Text around blocks (bundle
 * comments) is skipped. Errors are fixed texts, never any content: the text may be a private key.
 */
public final class PemBlocks {
  /** One block: its label ("CERTIFICATE", "PRIVATE KEY"...) and its DER bytes. */
  public record Block(String label, byte[] der) {
    @Override
    public String toString() {
      return "Block[" + label + ", " + der.length + " bytes]"; // never the key bytes
    }
  }

  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  private PemBlocks() {}

  /**
   * @throws IllegalArgumentException for an unterminated block, a block with headers (a legacy
   *     encrypted key) or a body that is not base64
   */
  public static List<Block> parse(byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    List<Block> out = new ArrayList<>();
    int at = 0;
    while (true) {
      int begin = text.indexOf(BEGIN, at);
      if (begin < 0) {
        return out;
      }
      int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
      if (labelEnd < 0) {
        throw new IllegalArgumentException("PEM block without a label");
      }
      String label = text.substring(begin + BEGIN.length(), labelEnd);
      String endMarker = END + label + DASHES;
      int end = text.indexOf(endMarker, labelEnd);
      if (end < 0) {
        throw new IllegalArgumentException("a PEM block is not terminated");
      }
      String body = text.substring(labelEnd + DASHES.length(), end);
      if (body.indexOf(':') >= 0) {
        throw new IllegalArgumentException("a PEM block has headers (an encrypted key?)");
      }
      try {
        out.add(new Block(label, Base64.getMimeDecoder().decode(body.strip())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("a PEM block is not base64");
      }
      at = end + endMarker.length();
    }
  }
}
