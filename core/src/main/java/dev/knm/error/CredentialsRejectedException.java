package dev.knm.error;

/**
 * A cluster's API server refused our credentials: 401 (not authenticated: wrong, expired or
 * revoked) or 403 (authenticated, but not allowed to do what was asked). Not "unreachable": the
 * server answered. The message names the cluster and, for 403, the verb and resource; never a
 * credential. Exit code 7.
 */
public class CredentialsRejectedException extends KnmException {
  private final String cluster;
  private final int status;

  public CredentialsRejectedException(String cluster, int status, String message) {
    super(message);
    this.cluster = cluster;
    this.status = status;
  }

  public String cluster() {
    return cluster;
  }

  /** 401 or 403. */
  public int status() {
    return status;
  }
}
