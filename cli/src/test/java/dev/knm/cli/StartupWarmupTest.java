package dev.knm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.cluster.DescribeCommand;
import dev.knm.cli.cluster.ImportCommand;
import dev.knm.cli.cluster.ListCommand;
import dev.knm.cli.cluster.RemoveCommand;
import org.junit.jupiter.api.Test;

class StartupWarmupTest {
  private static boolean clusters(Class<?> command, String... args) {
    return StartupWarmup.talksToClusters(command, args);
  }

  @Test
  void the_client_path_is_warmed_only_for_commands_that_reach_a_cluster() {
    // listings of nodes and pods, a refresh, describe node, and an import that verifies
    assertThat(clusters(ListCommand.class, "list", "nodes", "-c", "a")).isTrue();
    assertThat(clusters(ListCommand.class, "-q", "list", "po", "-A", "-c", "a")).isTrue();
    assertThat(clusters(ListCommand.class, "list", "--refresh")).isTrue();
    assertThat(clusters(DescribeCommand.class, "describe", "no", "n1", "-c", "a")).isTrue();
    assertThat(clusters(ImportCommand.class, "import", "a", "--kubeconfig", "k")).isTrue();
    // but not the store-only ones (knm list must stay free of the client's classes)
    assertThat(clusters(ListCommand.class, "list", "-o", "wide")).isFalse();
    assertThat(clusters(DescribeCommand.class, "describe", "cluster", "a")).isFalse();
    assertThat(clusters(ImportCommand.class, "import", "a", "--kubeconfig", "k", "--no-verify"))
        .isFalse();
    assertThat(clusters(RemoveCommand.class, "remove", "nodes")).isFalse();
  }
}
