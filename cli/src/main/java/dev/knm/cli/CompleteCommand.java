package dev.knm.cli;

import dev.knm.cli.kube.NodeNameCandidates;
import dev.knm.cluster.ClusterQuery;
import dev.knm.cluster.ClusterView;
import dev.knm.cluster.kubeconfig.Kubeconfig;
import dev.knm.cluster.kubeconfig.KubeconfigSources;
import dev.knm.completion.DynamicValues;
import dev.knm.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Hidden: what the completion scripts ask for the values they cannot know (see {@link
 * DynamicValues}), one a line. Quiet and without side effects: nothing on stderr, exit 0 even when
 * it has nothing to offer, no store or key file created, no passphrase asked, at most {@link
 * #CLUSTER_TIMEOUT} spent on a cluster.
 */
@Command(name = "__complete", hidden = true)
final class CompleteCommand extends BaseCommand {
  static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(2);

  @Parameters(index = "0", paramLabel = "KIND")
  String kind;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ARG")
  String arg;

  @Override
  public Integer call() {
    try {
      for (String value : values()) {
        out().println(value);
      }
    } catch (RuntimeException quiet) {
      // a shell completing a word has no use for an error: it offers nothing
    }
    out().flush();
    return 0;
  }

  private List<String> values() {
    DynamicValues v = DynamicValues.ofKind(kind).orElse(null);
    if (v == null) {
      return List.of();
    }
    return switch (v) {
      case CLUSTERS -> storeExists() ? clusterNames() : List.of();
      case NODES -> arg != null && storeExists() ? nodeNames(arg) : List.of();
      case CONTEXTS ->
          arg == null
              ? List.of()
              : Kubeconfig.parse(KubeconfigSources.fromFile(Path.of(arg))).contextNames();
    };
  }

  /** False for an H2 file that does not exist yet: completing must not create one. */
  private boolean storeExists() {
    StoreLocation location = StoreLocation.resolve(global().store, context().env());
    Path file = location.h2File();
    return file == null || Files.exists(Path.of(file + ".mv.db"));
  }

  private List<String> clusterNames() {
    context().withoutKeyPrompts();
    return clusters().list(ClusterQuery.all()).items().stream()
        .map(ClusterView::cluster)
        .map(c -> c.name())
        .toList();
  }

  private List<String> nodeNames(String cluster) {
    context().withoutKeyPrompts();
    return NodeNameCandidates.of(clusters(), cluster, CLUSTER_TIMEOUT);
  }
}
