package dev.knm.cli.cluster;

import picocli.CommandLine.Command;

/**
 * `knm list` alone lists clusters, the most common question; `list nodes` and `list pods` are its
 * subcommands.
 */
@Command(
    name = "list",
    aliases = {"ls"},
    description = {
      "List clusters (the default), or the nodes or pods of clusters.",
      "Clusters show their cached state (CHECKED is its age); --refresh probes them now."
    },
    subcommands = {
      ListClustersCommand.class,
      dev.knm.cli.kube.ListNodesCommand.class,
      dev.knm.cli.kube.ListPodsCommand.class
    })
public final class ListCommand extends ClusterListing {}
