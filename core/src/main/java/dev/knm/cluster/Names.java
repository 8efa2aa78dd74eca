package dev.knm.cluster;

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
              + name
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
              + key
              + "': must be an optional DNS subdomain prefix and '/', then a name of at most 63"
              + " characters (letters, digits, '-', '_', '.', starting and ending with a letter or"
              + " digit)");
    }
    if (value == null
        || value.length() > 63
        || !(value.isEmpty() || LABEL_NAME.matcher(value).matches())) {
      throw new UsageException(
          "invalid label value '"
              + value
              + "' for key '"
              + key
              + "': at most 63 characters (letters, digits, '-', '_', '.', starting and ending"
              + " with a letter or digit)");
    }
  }

  /** A context name made DNS-1123 label safe: lowercase, other characters become '-'. */
  public static String sanitize(String context) {
    String s = context.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    s = s.replaceAll("-{2,}", "-").replaceAll("^-+", "").replaceAll("-+$", "");
    return s;
  }
}
