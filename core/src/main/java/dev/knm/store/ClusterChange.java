package dev.knm.store;

/**
 * A change to the clusters table that running instances should pick up: {@code op} is import,
 * remove or rotate-key; {@code cluster} is the cluster's name (null for rotate-key: every row).
 */
public record ClusterChange(String op, String cluster) {
  public static final String IMPORT = "import";
  public static final String REMOVE = "remove";
  public static final String ROTATE_KEY = "rotate-key";

  /** The NOTIFY payload: "op" or "op name" (names are DNS labels: no spaces). */
  public String payload() {
    return cluster == null ? op : op + " " + cluster;
  }

  /** Reads a payload; anything unexpected means "compare everything" (op only). */
  public static ClusterChange parse(String payload) {
    String p = payload == null ? "" : payload.strip();
    int space = p.indexOf(' ');
    return space < 0
        ? new ClusterChange(p, null)
        : new ClusterChange(p.substring(0, space), p.substring(space + 1).strip());
  }
}
