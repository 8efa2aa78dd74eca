package dev.knm.cluster.kubeconfig;

import dev.knm.error.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns raw kubeconfig bytes into YAML text: rejects empty and binary input, honours a UTF-8 or
 * UTF-16 byte order mark, and decodes a kubeconfig given as base64 (standard or URL-safe). Messages
 * never quote the input.
 */
final class KubeconfigText {

  private KubeconfigText() {}

  static String decode(String origin, byte[] bytes) {
    String text = toText(origin, bytes, "");
    String compact = stripWhitespace(text);
    if (compact.isEmpty()) {
      throw new InvalidInputException("kubeconfig " + origin + " is empty");
    }
    if (!looksLikeBase64(text, compact)) {
      return text;
    }
    byte[] decoded = decodeBase64(origin, compact);
    String inner = toText(origin, decoded, " (after base64 decoding)");
    if (inner.isBlank()) {
      throw new InvalidInputException("kubeconfig " + origin + " is empty (after base64 decoding)");
    }
    return inner;
  }

  private static String toText(String origin, byte[] bytes, String suffix) {
    Charset charset = StandardCharsets.UTF_8;
    int offset = 0;
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      offset = 3;
    } else if (startsWith(bytes, 0xFF, 0xFE)) {
      // PowerShell 5 redirects write UTF-16LE with a BOM
      charset = StandardCharsets.UTF_16LE;
      offset = 2;
    } else if (startsWith(bytes, 0xFE, 0xFF)) {
      charset = StandardCharsets.UTF_16BE;
      offset = 2;
    }
    if (charset == StandardCharsets.UTF_8) {
      for (int i = offset; i < bytes.length; i++) {
        if (bytes[i] == 0) {
          throw notText(origin, suffix);
        }
      }
    }
    String text;
    try {
      text =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
              .toString();
    } catch (CharacterCodingException e) {
      throw notText(origin, suffix);
    }
    if (text.indexOf('\0') >= 0) {
      throw notText(origin, suffix);
    }
    return text;
  }

  private static InvalidInputException notText(String origin, String suffix) {
    return new InvalidInputException(
        "kubeconfig " + origin + " is not text (binary data)" + suffix);
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String stripWhitespace(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c) && c != '\uFEFF') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The whole content is base64 alphabet (standard or URL-safe, '=' padding), so no ':' at all, in
   * lines without inner blanks (wrapped base64 has none; "- a" is a YAML list, not base64).
   */
  private static boolean looksLikeBase64(String text, String compact) {
    for (String line : text.split("\\R")) {
      String stripped = line.strip();
      for (int i = 0; i < stripped.length(); i++) {
        if (Character.isWhitespace(stripped.charAt(i))) {
          return false;
        }
      }
    }
    for (int i = 0; i < compact.length(); i++) {
      char c = compact.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '-'
              || c == '_'
              || c == '=';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static byte[] decodeBase64(String origin, String compact) {
    String prefix = "kubeconfig " + origin + " looks like base64 but does not decode: ";
    boolean standard = compact.indexOf('+') >= 0 || compact.indexOf('/') >= 0;
    boolean urlSafe = compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0;
    if (standard && urlSafe) {
      throw new InvalidInputException(
          prefix + "it mixes standard (+/) and URL-safe (-_) characters");
    }
    int firstPad = compact.indexOf('=');
    String data = firstPad < 0 ? compact : compact.substring(0, firstPad);
    int padding = compact.length() - data.length();
    if (firstPad >= 0 && (padding > 2 || !compact.substring(firstPad).matches("=+"))) {
      throw new InvalidInputException(prefix + "'=' padding in the wrong place");
    }
    if (data.length() % 4 == 1) {
      throw new InvalidInputException(prefix + "truncated (length is not a multiple of 4)");
    }
    if (padding > 0 && (data.length() + padding) % 4 != 0) {
      throw new InvalidInputException(prefix + "wrong '=' padding");
    }
    try {
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(compact);
    } catch (IllegalArgumentException e) {
      // the JDK's message may name an input character: never echo it
      throw new InvalidInputException(prefix + "invalid padding or trailing bits");
    }
  }
}
