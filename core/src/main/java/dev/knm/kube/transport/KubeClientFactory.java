package dev.knm.kube.transport;

import dev.knm.cluster.Deadline;
import dev.knm.cluster.kubeconfig.Credentials;
import dev.knm.error.InvalidInputException;
import dev.knm.error.UnusableKubeconfigException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@link ClusterClient}s from a flat kubeconfig only, each with the transport its kubeconfig
 * needs: the lean {@link JdkApiTransport} (no fabric8, no Jackson: ~0.5 s less on a cold JVM)
 * unless {@link ClusterConnection#fabric8Reasons()} names something only fabric8 does (exec
 * plugins, auth providers, tls-server-name, proxy-url...), then {@link Fabric8ApiTransport}.
 *
 * <p>fabric8 clients come from a flat kubeconfig only. In fabric8 7.8.0 {@code
 * Config.fromKubeconfig(String)} starts from {@code Config.empty()} and never reads ~/.kube/config,
 * the service account or KUBERNETES_* env vars; the system properties set here also switch off
 * auto-configuration for any other path (e.g. token refresh). fabric8's own request retry is off
 * ({@code requestRetryBackoffLimit=0}): {@link ReadRetryPolicy} is the only retry.
 */
public final class KubeClientFactory {
  private static final Logger LOG = LoggerFactory.getLogger(KubeClientFactory.class);

  static {
    setIfAbsent("kubernetes.auth.tryKubeConfig", "false");
    setIfAbsent("kubernetes.auth.tryServiceAccount", "false");
    setIfAbsent("kubernetes.disable.autoConfig", "true");
  }

  private static final Duration MAX_CONNECT = Duration.ofSeconds(10);

  private final ReadRetryPolicy retry;
  private final TimeoutCounter timeouts;
  private volatile CallObserver observer = CallObserver.NONE;

  public KubeClientFactory(ReadRetryPolicy retry, TimeoutCounter timeouts) {
    this.retry = retry;
    this.timeouts = timeouts;
  }

  /** Production retry policy, counting timeouts only. */
  /** Clients made from now on tell {@code o} of every call (serve mode's metrics). */
  public KubeClientFactory observe(CallObserver o) {
    this.observer = o;
    return this;
  }

  public static KubeClientFactory standard() {
    return new KubeClientFactory(ReadRetryPolicy.standard(), TimeoutCounter.counting());
  }

  public ReadRetryPolicy retryPolicy() {
    return retry;
  }

  public TimeoutCounter timeouts() {
    return timeouts;
  }

  /**
   * A client for one cluster. Cheap (parses the kubeconfig, builds an HTTP client and its TLS
   * context); makes no request.
   *
   * @throws InvalidInputException if the kubeconfig cannot be parsed, or its certificates or key
   *     cannot be used (the yaml is never echoed)
   */
  public ClusterClient create(String clusterName, String kubeconfigYaml, TimeoutTier tier) {
    return create(clusterName, kubeconfigYaml, tier, Deadline.none());
  }

  /**
   * A client whose every request is bounded by what is left of {@code deadline} (the command's),
   * and whose retries stay inside it.
   *
   * @throws InvalidInputException as {@link #create(String, String, TimeoutTier)}
   */
  public ClusterClient create(
      String clusterName, String kubeconfigYaml, TimeoutTier tier, Deadline deadline) {
    ClusterConnection connection;
    try {
      connection = ClusterConnection.parse(kubeconfigYaml);
    } catch (RuntimeException e) {
      throw unreadable(clusterName);
    }
    // the check import made, again at use: a token that cannot go in a header is never sent (the
    // JDK would refuse it with a message quoting the whole header)
    if (connection.token() != null && !Credentials.sendableToken(connection.token())) {
      throw new InvalidInputException(
          "cluster "
              + clusterName
              + ": its stored kubeconfig cannot be used: "
              + Credentials.TOKEN_NOT_SENDABLE
              + "; import it again");
    }
    LazyKubernetesClient kubernetes = new LazyKubernetesClient(clusterName, kubeconfigYaml, tier);
    ApiTransport transport;
    if (connection.fabric8Reasons().isEmpty()) {
      try {
        transport = JdkApiTransport.create(connection, connectTimeout(tier));
      } catch (IllegalArgumentException e) {
        // fixed texts naming a field or a key form, never a value
        throw new UnusableKubeconfigException(clusterName, e.getMessage());
      }
    } else {
      LOG.debug("cluster {}: fabric8 transport for {}", clusterName, connection.fabric8Reasons());
      transport = new Fabric8ApiTransport(kubernetes);
    }
    return new ClusterClient(
        clusterName, connection, transport, kubernetes, tier, retry, timeouts, deadline, observer);
  }

  /** As fabric8 was set up: the tier's request timeout, at most 10 s, to connect. */
  static Duration connectTimeout(TimeoutTier tier) {
    return tier.request().compareTo(MAX_CONNECT) < 0 ? tier.request() : MAX_CONNECT;
  }

  private static InvalidInputException unreadable(String clusterName) {
    return new InvalidInputException(
        "cluster " + clusterName + ": its stored kubeconfig cannot be read; import it again");
  }

  /** The bare fabric8 client, configured as described above. */
  public static KubernetesClient kubernetesClient(
      String clusterName, String kubeconfigYaml, TimeoutTier tier) {
    Config config;
    try {
      config = Fabric8Clients.parse(kubeconfigYaml);
    } catch (RuntimeException | java.io.IOException e) {
      // never include e's message: it may quote the yaml
      throw unreadable(clusterName);
    }
    return Fabric8Clients.build(config, tier);
  }

  /** See {@link Fabric8Clients#parse}. */
  static Config parse(String kubeconfigYaml) throws java.io.IOException {
    return Fabric8Clients.parse(kubeconfigYaml);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
