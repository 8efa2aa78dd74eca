package dev.knm.cli;

import dev.knm.completion.Shell;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * `knm completion SHELL`: the script the distribution ships in share/completion, made by the same
 * code from the same command tree (see dev.knm.completion.ScriptFiles).
 */
@Command(
    name = "completion",
    description = {
      "Print the shell completion script for bash, zsh or fish.",
      "bash: source <(knm completion bash), or save it as"
          + " ~/.local/share/bash-completion/completions/knm.",
      "zsh: source <(knm completion zsh) in ~/.zshrc.",
      "fish: knm completion fish > ~/.config/fish/completions/knm.fish.",
      "Cluster names, node names (from the cluster, 2 s at most) and kubeconfig contexts are"
          + " completed by asking knm when they are needed."
    })
public final class CompletionCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish")
  Shell shell;

  @Override
  public Integer call() {
    out().print(shell.script(spec.root().commandLine()));
    out().flush();
    return 0;
  }
}
