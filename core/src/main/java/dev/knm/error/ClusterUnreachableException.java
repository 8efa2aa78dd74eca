package dev.knm.error;

/** A cluster's API server did not answer, refused us, or timed out. Exit code 4. */
public class ClusterUnreachableException extends KnmException {
  private final String cluster;

  public ClusterUnreachableException(String cluster, String message, Throwable cause) {
    super(message, cause);
    this.cluster = cluster;
  }

  public ClusterUnreachableException(String cluster, String message) {
    this(cluster, message, null);
  }

  public String cluster() {
    return cluster;
  }
}
