package dev.knm.cluster;

/** A cluster with its cached state, as lists show it. */
public record ClusterView(Cluster cluster, ClusterState state) {}
