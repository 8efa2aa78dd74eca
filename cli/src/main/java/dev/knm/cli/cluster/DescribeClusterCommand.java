package dev.knm.cli.cluster;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.render.Ages;
import dev.knm.cli.render.ClusterDocuments;
import dev.knm.cli.render.Labels;
import dev.knm.cli.render.Quantities;
import dev.knm.cli.render.TerminalText;
import dev.knm.cluster.Cluster;
import dev.knm.cluster.ClusterDetails;
import dev.knm.cluster.ClusterState;
import dev.knm.cluster.kubeconfig.AuthKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "cluster",
    description = {
      "Describe a cluster: server, context, auth method, labels and last known state.",
      "It opens the sealed kubeconfig, which also proves the key; no secret is ever shown."
    })
public final class DescribeClusterCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "CLUSTER", description = "Cluster name")
  String name;

  @Override
  public Integer call() {
    ClusterDetails details = clusters().describe(name);
    OutputFormat f = format();
    if (f == OutputFormat.json || f == OutputFormat.yaml || f == OutputFormat.ndjson) {
      printDocument(ClusterDocuments.details(details));
    } else if (f == OutputFormat.name) {
      out().println("cluster/" + TerminalText.escape(details.cluster().name()));
      out().flush();
    } else {
      for (String line : describe(details, Instant.now())) {
        out().println(line);
      }
      out().flush();
    }
    return 0;
  }

  /** kubectl-describe style: "Key:" padded to one column, multi-value fields indented. */
  static List<String> describe(ClusterDetails d, Instant now) {
    Cluster c = d.cluster();
    ClusterState s = d.state();
    List<String[]> fields = new ArrayList<>();
    fields.add(new String[] {"Name", c.name()});
    fields.add(new String[] {"ID", c.id().toString()});
    fields.add(new String[] {"Description", orNone(c.description())});
    fields.add(new String[] {"Labels", Labels.format(c.labels(), "\n")});
    fields.add(new String[] {"Server", c.server()});
    fields.add(new String[] {"Context", c.context()});
    fields.add(new String[] {"User", orNone(d.user())});
    fields.add(
        new String[] {
          "Auth", d.auth().stream().sorted().map(AuthKind::label).collect(Collectors.joining(", "))
        });
    fields.add(new String[] {"Key ID", c.keyId()});
    fields.add(new String[] {"Status", s.status().label()});
    fields.add(new String[] {"Kubernetes", orNone(s.kubernetesVersion())});
    fields.add(
        new String[] {
          "Nodes",
          s.nodeCount() == null ? "<unknown>" : s.nodeCount() + " (" + s.readyNodes() + " ready)"
        });
    fields.add(new String[] {"CPU", orUnknown(s.cpuMillis(), Quantities.cpu(s.cpuMillis()))});
    fields.add(
        new String[] {"Memory", orUnknown(s.memoryBytes(), Quantities.memory(s.memoryBytes()))});
    fields.add(new String[] {"GPUs", orUnknown(s.gpus(), Quantities.count(s.gpus()))});
    fields.add(new String[] {"Last Heartbeat", when(s.lastHeartbeat(), now)});
    fields.add(new String[] {"Last Error", orNone(s.lastError())});
    fields.add(new String[] {"Timeouts", Long.toString(s.timeoutCount())});
    fields.add(new String[] {"Checked", when(s.checkedAt(), now)});
    fields.add(new String[] {"Created", when(c.createdAt(), now)});
    fields.add(new String[] {"Updated", when(c.updatedAt(), now)});
    int width = fields.stream().mapToInt(f -> f[0].length()).max().orElse(0) + 2;
    List<String> lines = new ArrayList<>();
    for (String[] f : fields) {
      // store text shown escaped; only Labels (escaped entry by entry) spans several lines
      String value = f[0].equals("Labels") ? f[1] : TerminalText.escape(f[1]);
      String[] valueLines = value.split("\n", -1);
      lines.add(pad(f[0] + ":", width) + valueLines[0]);
      for (int i = 1; i < valueLines.length; i++) {
        lines.add(" ".repeat(width) + valueLines[i]);
      }
    }
    return lines;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(1, width - s.length()));
  }

  private static String orNone(String s) {
    return s == null || s.isBlank() ? "<none>" : s;
  }

  private static String orUnknown(Object value, String text) {
    return value == null ? "<unknown>" : text;
  }

  private static String when(Instant t, Instant now) {
    return t == null ? "<never>" : t + " (" + Ages.since(t, now) + " ago)";
  }
}
