package dev.knm.cli.cluster;

import picocli.CommandLine.Command;

/** `knm describe cluster NAME | describe node NODE -c CLUSTER`. */
@Command(
    name = "describe",
    description = "Show everything known about a cluster or a node.",
    subcommands = {DescribeClusterCommand.class, dev.knm.cli.kube.DescribeNodeCommand.class})
public final class DescribeCommand {}
