package dev.knm.cluster;

import dev.knm.cluster.kubeconfig.KubeconfigSource;
import java.util.Map;

/**
 * What `knm import` asks for. With {@code allContexts}, one cluster is imported per context, named
 * {@code name + "-" + contextName} (the context name made DNS-1123 label safe); otherwise {@code
 * context} (or the kubeconfig's current-context when null) is imported as {@code name}.
 */
public record ImportRequest(
    String name,
    KubeconfigSource source,
    String context,
    boolean allContexts,
    Map<String, String> labels,
    String description,
    boolean overwrite,
    boolean verify) {
  public ImportRequest {
    labels = Map.copyOf(labels);
  }
}
