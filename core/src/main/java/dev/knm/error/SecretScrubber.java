package dev.knm.error;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Takes secrets out of text before it leaves core: every secret it was given (a cluster's token,
 * password, key material...) wherever it occurs, and whatever the secrets, anything shaped like a
 * credential: {@code Bearer …} and {@code Basic …} values, PEM blocks, JSON Web Tokens and {@code
 * password=…}-style pairs. {@link #generic()} knows no secret and applies the shapes only.
 *
 * <p>Each secret is also looked for line by line (a token with a CR or LF, a PEM body quoted in
 * part) and, when it is base64, decoded (a client-key-data's PEM). Values shorter than {@value
 * #MIN_LENGTH} characters are not looked for by value: masking every "ab" would garble messages
 * while protecting nothing; the shapes still apply to them.
 */
public final class SecretScrubber {
  static final String MASK = "***";
  static final int MIN_LENGTH = 6;

  /**
   * Compiled on the first scrub, not with the class: clients make a scrubber each, errors are rare.
   */
  private static final class Shapes {
    static final Pattern AUTH_VALUE = Pattern.compile("(?i)\\b(Bearer|Basic)(\\s+)[^\\s\"',;]+");
    static final Pattern PEM =
        Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,40})-----[\\s\\S]*?(?:-----END \\1-----|\\z)");
    static final Pattern JWT =
        Pattern.compile("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
    static final Pattern NAMED_SECRET =
        Pattern.compile(
            "(?i)\\b(password|passwd|pwd|token|secret|client-key-data|id-token|refresh-token)"
                + "(\"?\\s*[=:]\\s*\"?)[^\\s&;,\"']+");
  }

  private static final SecretScrubber GENERIC = new SecretScrubber(List.of());

  private final List<String> secrets; // longest first, so that a secret's part never masks it half

  private SecretScrubber(List<String> secrets) {
    this.secrets = secrets;
  }

  /** Credential shapes only: for text whose cluster is not known (the cli's last line). */
  public static SecretScrubber generic() {
    return GENERIC;
  }

  /** The given secrets (null and short values are skipped) and the credential shapes. */
  public static SecretScrubber of(Collection<String> values) {
    Set<String> all = new LinkedHashSet<>();
    for (String v : values) {
      if (v == null) {
        continue;
      }
      add(all, v);
      for (String line : v.split("\\R")) {
        add(all, line.strip());
      }
      byte[] decoded = base64(v);
      if (decoded != null) {
        String text = new String(decoded, StandardCharsets.UTF_8);
        add(all, text);
        for (String line : text.split("\\R")) {
          add(all, line.strip());
        }
      }
    }
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return sorted.isEmpty() ? GENERIC : new SecretScrubber(List.copyOf(sorted));
  }

  private static void add(Set<String> all, String s) {
    if (s.length() >= MIN_LENGTH) {
      all.add(s);
    }
  }

  private static byte[] base64(String v) {
    String s = v.strip();
    if (s.length() < 8) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '='
              || Character.isWhitespace(c);
      if (!ok) {
        return null;
      }
    }
    try {
      return Base64.getMimeDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** {@code text} with every secret and credential shape replaced by {@code ***}. */
  public String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    out = Shapes.PEM.matcher(out).replaceAll("[$1 removed]");
    out = Shapes.AUTH_VALUE.matcher(out).replaceAll("$1$2" + MASK);
    out = Shapes.JWT.matcher(out).replaceAll(MASK);
    return Shapes.NAMED_SECRET.matcher(out).replaceAll("$1$2" + MASK);
  }

  /**
   * {@code t} itself when no message in its chain (causes, suppressed) holds a secret; else a copy
   * of the chain whose messages are scrubbed (the stack traces kept, each exception's class named
   * in its text), so that even a {@code -v} stack trace shows none.
   */
  public Throwable scrub(Throwable t) {
    if (t == null || clean(t, new IdentityHashMap<>())) {
      return t;
    }
    return copy(t, new IdentityHashMap<>());
  }

  private boolean clean(Throwable t, Map<Throwable, Boolean> seen) {
    if (t == null || seen.put(t, Boolean.TRUE) != null) {
      return true;
    }
    String m = t.getMessage();
    if (m != null && !m.equals(scrub(m))) {
      return false;
    }
    String s = String.valueOf(t); // some exceptions put more than the message in toString()
    if (!s.equals(scrub(s))) {
      return false;
    }
    for (Throwable x : t.getSuppressed()) {
      if (!clean(x, seen)) {
        return false;
      }
    }
    return clean(t.getCause(), seen);
  }

  private Throwable copy(Throwable t, Map<Throwable, Throwable> done) {
    Throwable made = done.get(t);
    if (made != null) {
      return made;
    }
    Scrubbed c = new Scrubbed(t.getClass().getName(), scrub(t.getMessage()));
    done.put(t, c);
    c.setStackTrace(t.getStackTrace());
    if (t.getCause() != null && t.getCause() != t) {
      c.initCause(copy(t.getCause(), done));
    }
    for (Throwable x : t.getSuppressed()) {
      c.addSuppressed(copy(x, done));
    }
    return c;
  }

  /**
   * A scrubbed stand-in for an exception that carried a secret: same stack trace, same class name
   * in its text, the message without the secret.
   */
  public static final class Scrubbed extends RuntimeException {
    private final String type;

    Scrubbed(String type, String message) {
      super(message);
      this.type = type;
    }

    /** The class name of the exception this stands for. */
    public String type() {
      return type;
    }

    @Override
    public String toString() {
      String m = getMessage();
      return m == null ? type : type + ": " + m;
    }
  }
}
