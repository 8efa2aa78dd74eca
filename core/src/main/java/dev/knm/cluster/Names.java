package dev.knm.cluster;

import dev.knm.error.ErrorText;
import dev.knm.error.UsageException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Validation of cluster names and Kubernetes-style labels. */
public final class Names {
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private Names() {}

  /** Throws UsageException unless {@code name} is a DNS-1123 label. */
  public static String requireClusterName(String name) {
    if (name == null || name.length() > 63 || !DNS1123_LABEL.matcher(name).matches()) {
      throw new UsageException(
          "invalid cluster name '"
              + (name == null ? null : ErrorText.printable(name))
              + "': must be a DNS-1123 label (lowercase letters, digits and '-', starting and"
              + " ending with a letter or digit, at most 63 characters)");
    }
    return name;
  }

  /** Throws UsageException unless every key and value follows Kubernetes label syntax. */
  public static void requireLabels(Map<String, String> labels) {
    labels.forEach(Names::requireLabel);
  }

  static void requireLabel(String key, String value) {
    String name = key;
    int slash = key.indexOf('/');
    boolean ok = true;
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      ok = prefix.length() <= 253 && DNS1123_SUBDOMAIN.matcher(prefix).matches();
    }
    ok = ok && name.length() <= 63 && LABEL_NAME.matcher(name).matches();
    if (!ok) {
      throw new UsageException(
          "invalid label key '"
              + ErrorText.printable(key)
              + "': must be an optional DNS subdomain prefix and '/', then a name of at most 63"
              + " characters (letters, digits, '-', '_', '.', starting and ending with a letter or"
              + " digit)");
    }
    if (value == null
        || value.length() > 63
        || !(value.isEmpty() || LABEL_NAME.matcher(value).matches())) {
      throw new UsageException(
          "invalid label value '"
              + (value == null ? null : ErrorText.printable(value))
              + "' for key '"
              + ErrorText.printable(key)
              + "': at most 63 characters (letters, digits, '-', '_', '.', starting and ending"
              + " with a letter or digit)");
    }
  }

  /** The longest description: the store's column. */
  public static final int MAX_DESCRIPTION = 4096;

  /**
   * Throws UsageException unless {@code description} (null for none) is at most {@value
   * #MAX_DESCRIPTION} characters without control characters (an ESC or BEL stored would drive the
   * terminal of whoever lists it). The text itself is never echoed.
   */
  public static void requireDescription(String description) {
    if (description == null) {
      return;
    }
    if (description.length() > MAX_DESCRIPTION) {
      throw new UsageException(
          "invalid description: "
              + description.length()
              + " characters, at most "
              + MAX_DESCRIPTION);
    }
    for (int i = 0; i < description.length(); i++) {
      if (Character.isISOControl(description.charAt(i))) {
        throw new UsageException(
            "invalid description: it has a control character at position "
                + (i + 1)
                + " (use plain text on one line)");
      }
    }
  }

  /** A context name made DNS-1123 label safe: lowercase, other characters become '-'. */
  public static String sanitize(String context) {
    String s = context.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    s = s.replaceAll("-{2,}", "-").replaceAll("^-+", "").replaceAll("-+$", "");
    return s;
  }
}
