package dev.knm.cli.render;

/** Human figures for tables: cores from millicores, Ki/Mi/Gi/Ti from bytes (kubectl style). */
public final class Quantities {
  private Quantities() {}

  public static String cpu(Long millis) {
    if (millis == null) {
      return "-";
    }
    if (millis % 1000 == 0) {
      return Long.toString(millis / 1000);
    }
    return millis + "m";
  }

  /**
   * Millicores with their unit, always ("8412000m"), as kube-capacity and kubectl top print CPU: a
   * total of whole cores would otherwise read as a bare number of unknown unit.
   */
  public static String millicores(Long millis) {
    return millis == null ? "-" : millis + "m";
  }

  public static String memory(Long bytes) {
    if (bytes == null) {
      return "-";
    }
    String[] units = {"", "Ki", "Mi", "Gi", "Ti", "Pi"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    if (u == 0) {
      return Long.toString(bytes);
    }
    return (v >= 100 || v == Math.rint(v)) ? Math.round(v) + units[u] : oneDecimal(v) + units[u];
  }

  public static String count(Number n) {
    return n == null ? "-" : n.toString();
  }

  private static String oneDecimal(double v) {
    String s = String.format(java.util.Locale.ROOT, "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }
}
