package dev.knm.fleet;

/**
 * The environment variables fleet mode reads: the Downward API's names as the seed design and
 * deploy/ use them. deploy/ is checked against these names by a test.
 */
public final class FleetEnv {
  /** The pod's name (Downward API metadata.name): the instance id first. */
  public static final String POD_NAME = "POD_NAME";

  /** The host name: the instance id when POD_NAME is not set. */
  public static final String HOSTNAME = "HOSTNAME";

  /** An explicit instance id, third choice. */
  public static final String NODE_ID = "NODE_ID";

  /** The pod's own IP (Downward API status.podIP). */
  public static final String POD_IP = "POD_IP";

  /** Every instance's IP, comma-separated, with POD_PORT: discovery's first source. */
  public static final String POD_IPS = "POD_IPS";

  /** The port instances serve on (default 8080). */
  public static final String POD_PORT = "POD_PORT";

  /** Every instance as HOST:PORT, comma-separated: discovery's second source. */
  public static final String INSTANCE_ADDRESSES = "INSTANCE_ADDRESSES";

  /** A headless Service's name, resolved with POD_NAMESPACE through DNS: the third source. */
  public static final String SERVICE_NAME = "SERVICE_NAME";

  /** The pod's namespace (Downward API metadata.namespace). */
  public static final String POD_NAMESPACE = "POD_NAMESPACE";

  /** The cluster's DNS domain, when not cluster.local. */
  public static final String CLUSTER_DOMAIN = "KNM_CLUSTER_DOMAIN";

  /** The bearer token of the API and internal endpoints (never logged). */
  public static final String RELOAD_TOKEN = "KNM_RELOAD_TOKEN";

  /** A CA file: when set, instances are reached over HTTPS, verified against it. */
  public static final String FLEET_CA_FILE = "KNM_FLEET_CA_FILE";

  /** The port instances serve on when POD_PORT is not set. */
  public static final int DEFAULT_PORT = 8080;

  private FleetEnv() {}
}
