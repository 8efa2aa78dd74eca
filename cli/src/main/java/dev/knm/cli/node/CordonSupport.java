package dev.knm.cli.node;

import dev.knm.cli.ExitCodes;
import dev.knm.cli.audit.AuditRecorder;
import dev.knm.cli.kube.KubeAccess;
import dev.knm.cli.render.StdoutWriter;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.KnmException;
import dev.knm.error.NotFoundException;
import dev.knm.error.PartialFailureException;
import dev.knm.error.UsageException;
import dev.knm.kube.NodeCordoner;
import dev.knm.kube.NodeReader;
import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.transport.ClusterClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * What cordon and uncordon share: the nodes (names, or -l), one line per node as kubectl prints it
 * ("node/x cordoned", "node/x already cordoned", "(dry run)"), an error line per node that failed,
 * exit code 3 when some failed and others did not, and the audit row.
 */
final class CordonSupport {
  private CordonSupport() {}

  static int run(
      String verb,
      boolean cordon,
      List<String> names,
      String selector,
      boolean dryRun,
      KubeAccess kube,
      String cluster,
      PrintWriter out,
      Consumer<String> error,
      AuditRecorder audit) {
    if (!names.isEmpty() && selector != null && !selector.isBlank()) {
      throw new UsageException("cannot specify both a node name and a --selector option");
    }
    if (names.isEmpty() && (selector == null || selector.isBlank())) {
      throw new UsageException("give one or more NODE names, or -l/--selector");
    }
    KubeAccess.Target target = kube.target(cluster); // unknown cluster: NotFoundException
    String what =
        selector != null && !selector.isBlank()
            ? "-l " + selector
            : "node/" + String.join(", node/", new LinkedHashSet<>(names));
    try (ClusterClient client = kube.client(target)) {
      if (dryRun) { // changes nothing: no row
        return apply(
            verb, cordon, nodes(client, cluster, names, selector), true, client, out, error);
      }
      // the nodes are looked up inside the audited run: a cluster that refuses or does not answer
      // is an attempt that failed (recorded); an unknown node is bad input (not recorded)
      return audit.run(
          verb,
          cluster,
          what,
          () ->
              apply(
                  verb,
                  cordon,
                  nodes(client, cluster, names, selector),
                  false,
                  client,
                  out,
                  error));
    }
  }

  private static List<String> nodes(
      ClusterClient client, String cluster, List<String> names, String selector) {
    if (selector != null && !selector.isBlank()) {
      List<String> found =
          new NodeReader(client).list(selector).stream().map(NodeSummary::name).toList();
      if (found.isEmpty()) {
        throw new NotFoundException(
            "cluster " + cluster + ": no nodes match the selector \"" + selector + "\"");
      }
      return found;
    }
    List<String> unique = List.copyOf(new LinkedHashSet<>(names));
    NodeReader reader = new NodeReader(client);
    for (String n : unique) {
      reader.get(n); // every node must exist before any is changed (kubectl's rule too)
    }
    return unique;
  }

  private static int apply(
      String verb,
      boolean cordon,
      List<String> nodes,
      boolean dryRun,
      ClusterClient client,
      PrintWriter out,
      Consumer<String> error) {
    NodeCordoner cordoner = new NodeCordoner(client);
    List<String> failed = new ArrayList<>();
    RuntimeException only = null;
    boolean allUnreachable = true;
    for (String n : nodes) {
      try {
        NodeCordoner.Result r = cordoner.set(n, cordon, dryRun);
        out.println(
            "node/"
                + n
                + (r.changed() ? " " : " already ")
                + verb
                + "ed"
                + (dryRun ? " (dry run)" : ""));
        StdoutWriter.flushWhileRead(out); // `| head -1`: the other nodes are still done
      } catch (NotFoundException | ClusterUnreachableException e) {
        failed.add(n);
        only = e;
        allUnreachable &= e instanceof ClusterUnreachableException;
        if (nodes.size() > 1) {
          error.accept(e.getMessage());
        }
      }
    }
    if (failed.isEmpty()) {
      return ExitCodes.OK;
    }
    if (nodes.size() == 1) {
      throw only;
    }
    if (failed.size() < nodes.size()) {
      throw new PartialFailureException(
          "could not "
              + verb
              + " "
              + failed.size()
              + " of "
              + nodes.size()
              + " nodes: "
              + String.join(", ", failed),
          failed);
    }
    String message = "could not " + verb + " any of the " + nodes.size() + " nodes";
    if (allUnreachable) {
      throw new ClusterUnreachableException(client.cluster(), message, only);
    }
    throw new AllFailed(message, only);
  }

  /** Every node failed, not all for want of the API server: exit code 1. */
  static final class AllFailed extends KnmException {
    AllFailed(String message, RuntimeException last) {
      super(message, last);
    }
  }
}
