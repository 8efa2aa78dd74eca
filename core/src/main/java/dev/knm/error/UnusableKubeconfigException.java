package dev.knm.error;

/**
 * A kubeconfig parses, but a certificate or key in it cannot be used to talk to its server (not
 * PEM, not a certificate, a key of an unknown kind). {@link #problem()} names the field and what is
 * wrong with it, never its content. Exit code 1.
 */
public class UnusableKubeconfigException extends InvalidInputException {
  private final String problem;

  /**
   * The stored kubeconfig of {@code cluster} cannot be used: "cluster X: its stored kubeconfig
   * cannot be used: PROBLEM". At import, where nothing is stored yet, the caller words it for the
   * file being imported instead.
   */
  public UnusableKubeconfigException(String cluster, String problem) {
    super("cluster " + cluster + ": its stored kubeconfig cannot be used: " + problem);
    this.problem = problem;
  }

  /** e.g. "certificate-authority-data is not a PEM certificate". */
  public String problem() {
    return problem;
  }
}
