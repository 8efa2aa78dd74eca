package dev.knm.cli.cluster;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.fleet.AutoBroadcast;
import dev.knm.cli.options.DeadlineOptions;
import dev.knm.cli.options.LabelConverter;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.render.ClusterDocuments;
import dev.knm.cluster.ClusterView;
import dev.knm.cluster.Deadline;
import dev.knm.cluster.ImportRequest;
import dev.knm.cluster.kubeconfig.KubeconfigSource;
import dev.knm.cluster.kubeconfig.KubeconfigSources;
import dev.knm.kube.transport.TimeoutTier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "import",
    description = {
      "Import a cluster from a kubeconfig, sealed with the store's key.",
      "Referenced certificate and key files are inlined first. The API server is asked for"
          + " /version before anything is stored (skip with --no-verify); nothing is stored if it"
          + " does not answer."
    })
public final class ImportCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Cluster name (a DNS-1123 label)")
  String name;

  @Option(
      names = "--kubeconfig",
      required = true,
      paramLabel = "FILE|-",
      description = "Kubeconfig file, or - for stdin (plain or base64)")
  String kubeconfig;

  @ArgGroup(exclusive = true)
  ContextChoice contextChoice;

  static final class ContextChoice {
    @Option(names = "--context", paramLabel = "CONTEXT", description = "Context to import")
    String context;

    @Option(names = "--all-contexts", description = "Import every context, as NAME-<context>")
    boolean allContexts;
  }

  @Option(
      names = {"-l", "--label"},
      paramLabel = "KEY=VALUE",
      converter = LabelConverter.class,
      description = "Label to set (repeatable)")
  List<Map.Entry<String, String>> labels = List.of();

  @Option(names = "--description", paramLabel = "TEXT", description = "Free-text description")
  String description;

  @Option(names = "--overwrite", description = "Replace a cluster of the same name")
  boolean overwrite;

  @Option(
      names = "--no-verify",
      description = "Do not ask the API server for /version and the node counts first")
  boolean noVerify;

  @Mixin DeadlineOptions deadline;

  @Override
  protected boolean createsStore() {
    return true;
  }

  @Override
  public Integer call() {
    return audit().run("import", name, "cluster/" + name, this::doImport);
  }

  private int doImport() {
    KubeconfigSource source =
        kubeconfig.equals("-")
            ? KubeconfigSources.fromStream(context().stdin(), "stdin")
            : KubeconfigSources.fromFile(Path.of(kubeconfig));
    Map<String, String> labelMap = new LinkedHashMap<>();
    labels.forEach(e -> labelMap.put(e.getKey(), e.getValue()));
    ImportRequest request =
        new ImportRequest(
            name,
            source,
            contextChoice == null ? null : contextChoice.context,
            contextChoice != null && contextChoice.allContexts,
            labelMap,
            description,
            overwrite,
            !noVerify);
    // the size is not known yet: the 10-50 nodes tier's deadline unless --deadline says
    Deadline limit = deadlines(deadline).apply(TimeoutTier.forNodeCount(null));
    List<ClusterView> imported = clusters().importClusters(request, limit);
    OutputFormat f = format();
    if (f == OutputFormat.ndjson) {
      imported.forEach(v -> printDocument(ClusterDocuments.cluster(v)));
    } else if (f == OutputFormat.json || f == OutputFormat.yaml) {
      printDocument(
          imported.size() == 1
              ? ClusterDocuments.cluster(imported.get(0))
              : ClusterDocuments.items(imported));
    } else if (f == OutputFormat.name) {
      ClusterDocuments.names(imported).forEach(out()::println);
    } else {
      for (ClusterView v : imported) {
        String version = v.state().kubernetesVersion();
        out()
            .println(
                "cluster/"
                    + v.cluster().name()
                    + " imported"
                    + (version == null ? " (not verified)" : " (" + version + ")"));
        if (version != null && v.state().nodeCount() == null && v.state().lastError() != null) {
          notice("warning: cluster " + v.cluster().name() + ": " + v.state().lastError());
        }
      }
    }
    out().flush();
    AutoBroadcast.after(
        context().env(), imported.stream().map(v -> v.cluster().name()).toList(), this::notice);
    return 0;
  }
}
