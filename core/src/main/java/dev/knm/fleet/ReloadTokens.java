package dev.knm.fleet;

import dev.knm.error.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Where the reload token comes from: {@code --token-file} (a mounted Secret), else {@link
 * FleetEnv#RELOAD_TOKEN}. Errors name the file, never the content.
 */
public final class ReloadTokens {
  private ReloadTokens() {}

  /**
   * The token, trimmed, or null when neither source is set.
   *
   * @throws InvalidInputException when the file cannot be read or is empty
   */
  public static char[] load(Path tokenFile, Map<String, String> env) {
    if (tokenFile != null) {
      byte[] raw;
      try {
        raw = Files.readAllBytes(tokenFile);
      } catch (IOException e) {
        throw new InvalidInputException("cannot read --token-file " + tokenFile + ": " + reason(e));
      }
      try {
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw));
        char[] token = trim(chars);
        if (token.length == 0) {
          throw new InvalidInputException("--token-file " + tokenFile + " is empty");
        }
        return token;
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    }
    String fromEnv = env.get(FleetEnv.RELOAD_TOKEN);
    if (fromEnv == null || fromEnv.isBlank()) {
      return null;
    }
    return fromEnv.strip().toCharArray();
  }

  private static char[] trim(CharBuffer chars) {
    int start = chars.position();
    int end = chars.limit();
    while (start < end && Character.isWhitespace(chars.get(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(chars.get(end - 1))) {
      end--;
    }
    char[] out = new char[end - start];
    chars.position(start);
    chars.get(out);
    if (chars.hasArray()) {
      Arrays.fill(chars.array(), '\0');
    }
    return out;
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName();
  }
}
