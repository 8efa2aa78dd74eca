package dev.knm.cli.render;

/**
 * Text from the store or an API server made safe to print: control characters are shown, never sent
 * to the terminal, so that a stored value cannot move the cursor, retitle the window, ring the bell
 * or hide what follows. kubectl escapes ESC as {@code ^[} and CR as {@code \r}; knm does the same
 * and also every other control character: C0 in caret notation ({@code ^G}), except {@code \n} and
 * {@code \t} written as such, DEL as {@code ^?}, and C1 (U+0080-U+009F, which some terminals obey
 * like ESC sequences) as {@code \u009b}.
 */
public final class TerminalText {
  private TerminalText() {}

  public static String escape(String s) {
    return escape(s, false);
  }

  /** As {@link #escape(String)}, leaving tabs as they are (stack trace lines). */
  public static String escape(String s, boolean keepTabs) {
    if (s == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String shown = keepTabs && c == '\t' ? null : shown(c);
      if (shown != null && out == null) {
        out = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (out != null) {
        if (shown != null) {
          out.append(shown);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? s : out.toString();
  }

  private static String shown(char c) {
    if (c == '\n') {
      return "\\n";
    }
    if (c == '\r') {
      return "\\r";
    }
    if (c == '\t') {
      return "\\t";
    }
    if (c < 0x20) {
      return "^" + (char) (c + 0x40);
    }
    if (c == 0x7f) {
      return "^?";
    }
    if (c >= 0x80 && c <= 0x9f) {
      return String.format("\\u%04x", (int) c);
    }
    return null;
  }
}
