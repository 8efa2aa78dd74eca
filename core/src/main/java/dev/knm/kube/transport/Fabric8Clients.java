package dev.knm.kube.transport;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;

/**
 * fabric8 clients from a flat kubeconfig, set up as {@link KubeClientFactory} describes. A class of
 * its own so that loading (and verifying) KubeClientFactory loads no fabric8 or Jackson class: the
 * JVM's verifier loads the parameter types of the calls below to check them.
 */
final class Fabric8Clients {
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

  private Fabric8Clients() {}

  /** A client for {@code config} (from {@link #parse}) with knm's timeouts and no own retry. */
  static KubernetesClient build(Config config, TimeoutTier tier) {
    config.setRequestRetryBackoffLimit(0);
    config.setRequestTimeout((int) tier.request().toMillis());
    config.setConnectionTimeout((int) KubeClientFactory.connectTimeout(tier).toMillis());
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
   *
   * @throws IOException or a RuntimeException if the yaml cannot be bound (messages may quote it)
   */
  static Config parse(String kubeconfigYaml) throws IOException {
    io.fabric8.kubernetes.api.model.Config kc =
        YAML.readValue(kubeconfigYaml, io.fabric8.kubernetes.api.model.Config.class);
    if (kc == null) {
      throw new IOException("empty kubeconfig");
    }
    Config config = Config.empty();
    KubeConfigUtils.merge(config, null, kc);
    return config;
  }
}
