package dev.knm.cli.cluster;

import picocli.CommandLine.Command;

@Command(
    name = "clusters",
    aliases = {"cluster"},
    description = {
      "List clusters with their cached state (CHECKED is its age); --refresh probes them now."
    })
public final class ListClustersCommand extends ClusterListing {}
