package dev.knm.error;

/**
 * The one place where an exception becomes text a user sees or the store keeps (a refresh failure,
 * {@code cluster_states.last_error}, a retry log line, the cli's "error: ..." line): its message
 * (its type when it has none), first line only, secrets scrubbed, control characters replaced by
 * '?', at most {@link #MAX_LENGTH} characters.
 */
public final class ErrorText {
  /** The longest text: {@code cluster_states.last_error} holds 1,024 characters. */
  public static final int MAX_LENGTH = 1024;

  private ErrorText() {}

  /** One line for {@code t}, scrubbed of credential shapes only (the cluster is not known). */
  public static String of(Throwable t) {
    return of(t, SecretScrubber.generic());
  }

  /** One line for {@code t}, scrubbed of {@code scrubber}'s secrets and credential shapes. */
  public static String of(Throwable t, SecretScrubber scrubber) {
    String m = t == null ? null : t.getMessage();
    if (m == null || m.isBlank()) {
      m =
          t == null
              ? "unknown error"
              : t instanceof SecretScrubber.Scrubbed s ? simpleName(s.type()) : simple(t);
    }
    return line(m, scrubber);
  }

  /** {@code text} made one safe line: scrubbed first, then cut at its first line break. */
  public static String line(String text, SecretScrubber scrubber) {
    // scrubbed before it is cut: a secret with a line break must not leave its first half behind
    String s = scrubber.scrub(text == null ? "" : text);
    int nl = firstBreak(s);
    if (nl >= 0) {
      s = s.substring(0, nl);
    }
    s = printable(s.strip());
    return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH - 3) + "...";
  }

  /** Control characters (C0, DEL, C1) replaced by '?': text that cannot drive a terminal. */
  public static String printable(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        if (out == null) {
          out = new StringBuilder(s.length()).append(s, 0, i);
        }
        out.append('?');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  private static int firstBreak(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085') {
        return i;
      }
    }
    return -1;
  }

  private static String simple(Throwable t) {
    return t.getClass().getSimpleName();
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
