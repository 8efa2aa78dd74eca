package dev.knm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Help as a new user meets it: whole summaries, picocli's wrapping, no options that mean nothing.
 */
class HelpTest {
  @TempDir Path home;

  @Test
  void theCommandListShowsEachSummaryWhole() {
    // when
    Result r = new CliRunner(home).run("--help");

    // then: every summary is one sentence, ended, in the order an SRE meets them: the store,
    // reading, changing nodes, following them, the fleet, then tooling (broadcast-reload's
    // 16-character name widens picocli's name column, so the longer summaries wrap once)
    assertThat(r.exitCode()).isZero();
    String commands = r.out().substring(r.out().indexOf("Commands:"));
    assertThat(commands)
        .isEqualTo(
            """
            Commands:
              import            Import a cluster from a kubeconfig, sealed with the store's
                                  key.
              list, ls          List clusters (the default), or the nodes or pods of
                                  clusters.
              describe          Show everything known about a cluster or a node.
              remove, rm        Remove clusters: the row is kept, marked deleted, and the
                                  name is free again.
              rotate-key        Re-seal every stored kubeconfig with a new key file's key
                                  or a new passphrase's, in one transaction.
              cordon            Mark nodes unschedulable, as kubectl cordon does.
              uncordon          Mark nodes schedulable again, as kubectl uncordon does.
              drain             Drain nodes as kubectl drain does, with its flags and
                                  meanings.
              audit             List the audit log of the commands that changed a cluster
                                  or the store.
              watch             Watch the nodes of clusters and print each significant
                                  change as it happens.
              events            List the node changes recorded by `knm watch --record`,
                                  oldest first.
              broadcast-reload  Tell every running knm instance (knm watch --serve) to
                                  reload a cluster from the store.
              demo              Show knm at work on a simulated large GPU cluster, in a
                                  throw-away store.
              sandbox           Serve a simulated Kubernetes API server until stopped, and
                                  write a kubeconfig for it.
              completion        Print the shell completion script for bash, zsh or fish.
              help              Display help information about the specified command.
            """);
  }

  @Test
  void helpCommandAndHelpOptionShowTheSameUsage() {
    CliRunner cli = new CliRunner(home);
    Result help = cli.run("help", "import");
    Result option = cli.run("import", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(option.exitCode()).isZero();
    assertThat(help.out()).isEqualTo(option.out()).startsWith("Usage: knm import ");
    assertThat(cli.run("help").exitCode()).isZero();
  }

  @Test
  void descriptionsAreParagraphsPicocliWraps() {
    // when
    Result r = new CliRunner(home).run("describe", "node", "--help");

    // then: the paragraph wraps at picocli's width, not at hard line breaks mid-sentence
    assertThat(r.out())
        .contains(
            """
            Describe a node of a cluster, with its pods and their requests.
            Roles, labels, taints, conditions, addresses, capacity vs allocatable vs
            requested (cpu, memory, GPU), system info, and its non-terminated pods. -o json
            or -o yaml prints the Node object.
            """);
  }

  @Test
  void globalOptionsThatMeanNothingAreNotShownButStillAccepted() {
    CliRunner cli = new CliRunner(home);
    Result sandbox = cli.run("sandbox", "--help");
    Result completion = cli.run("completion", "--help");
    Result list = cli.run("list", "--help");
    assertThat(sandbox.out()).doesNotContain("--store").doesNotContain("--key-file");
    assertThat(completion.out()).doesNotContain("--store").doesNotContain("--output");
    assertThat(list.out()).contains("--store=URL").contains("--passphrase-file=FILE");
    // a script may give --store to every command
    Result accepted = cli.run("--store", "jdbc:h2:mem:x", "completion", "bash");
    assertThat(accepted.exitCode()).isZero();
  }
}
