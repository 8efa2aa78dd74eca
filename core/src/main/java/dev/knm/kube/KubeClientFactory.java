package dev.knm.kube;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.knm.error.InvalidInputException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;

/**
 * Builds fabric8 clients from a flat kubeconfig only. In fabric8 7.8.0 {@code
 * Config.fromKubeconfig(String)} starts from {@code Config.empty()} and never reads ~/.kube/config,
 * the service account or KUBERNETES_* env vars; the system properties set here also switch off
 * auto-configuration for any other path (e.g. token refresh). fabric8's own request retry is off
 * ({@code requestRetryBackoffLimit=0}): {@link ReadRetryPolicy} is the only retry.
 */
public final class KubeClientFactory {
  static {
    setIfAbsent("kubernetes.auth.tryKubeConfig", "false");
    setIfAbsent("kubernetes.auth.tryServiceAccount", "false");
    setIfAbsent("kubernetes.disable.autoConfig", "true");
  }

  /** kubeconfig "extensions" hold arbitrary objects; binding them wakes fabric8's full registry. */
  @JsonIgnoreProperties({"extensions", "preferences"})
  private abstract static class NoExtensions {}

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .addMixIn(io.fabric8.kubernetes.api.model.Config.class, NoExtensions.class)
          .addMixIn(io.fabric8.kubernetes.api.model.Cluster.class, NoExtensions.class)
          .addMixIn(io.fabric8.kubernetes.api.model.Context.class, NoExtensions.class)
          .addMixIn(io.fabric8.kubernetes.api.model.AuthInfo.class, NoExtensions.class);

  private static final Duration MAX_CONNECT = Duration.ofSeconds(10);

  private final ReadRetryPolicy retry;
  private final TimeoutCounter timeouts;

  public KubeClientFactory(ReadRetryPolicy retry, TimeoutCounter timeouts) {
    this.retry = retry;
    this.timeouts = timeouts;
  }

  /** Production retry policy, counting timeouts only. */
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
   * A client for one cluster. Cheap-ish (parses the kubeconfig, builds an HTTP client); makes no
   * request.
   *
   * @throws InvalidInputException if the kubeconfig cannot be parsed (the yaml is never echoed)
   */
  public ClusterClient create(String clusterName, String kubeconfigYaml, TimeoutTier tier) {
    return new ClusterClient(
        clusterName, kubernetesClient(clusterName, kubeconfigYaml, tier), tier, retry, timeouts);
  }

  /** The bare fabric8 client, configured as described above. */
  public static KubernetesClient kubernetesClient(
      String clusterName, String kubeconfigYaml, TimeoutTier tier) {
    Config config;
    try {
      config = parse(kubeconfigYaml);
    } catch (RuntimeException | java.io.IOException e) {
      // never include e's message: it may quote the yaml
      throw new InvalidInputException(
          "cluster " + clusterName + ": its stored kubeconfig cannot be read; import it again");
    }
    config.setRequestRetryBackoffLimit(0);
    config.setRequestTimeout((int) tier.request().toMillis());
    Duration connect = tier.request().compareTo(MAX_CONNECT) < 0 ? tier.request() : MAX_CONNECT;
    config.setConnectionTimeout((int) connect.toMillis());
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory())
        // no ServiceLoader scan of every KubernetesResource class at start: typed calls on the
        // built-in model still work; custom resource classes must be registered explicitly
        .withKubernetesSerialization(new KubernetesSerialization(new ObjectMapper(), false))
        .build();
  }

  /**
   * The flat kubeconfig into a fabric8 Config, like {@code Config.fromKubeconfig(String)} (same
   * merge: token, client certs, exec, auth providers) but parsed by a plain YAML mapper instead of
   * fabric8's global serializer, which is slower to start.
   */
  static Config parse(String kubeconfigYaml) throws java.io.IOException {
    io.fabric8.kubernetes.api.model.Config kc =
        YAML.readValue(kubeconfigYaml, io.fabric8.kubernetes.api.model.Config.class);
    if (kc == null) {
      throw new java.io.IOException("empty kubeconfig");
    }
    Config config = Config.empty();
    KubeConfigUtils.merge(config, null, kc);
    return config;
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
