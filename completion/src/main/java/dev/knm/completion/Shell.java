package dev.knm.completion;

import picocli.CommandLine;

/** The shells knm has completion for, each with its script made from the command tree. */
public enum Shell {
  bash,
  zsh,
  fish;

  /**
   * The completion script for the command tree {@code root}. Marks the tree's dynamic arguments
   * (see {@link DynamicValues}) on the way: use a tree made for this, not one that parses after.
   */
  public String script(CommandLine root) {
    return switch (this) {
      case bash -> BashScript.of(root);
      case zsh -> ZSH_HEADER + BashScript.of(root);
      case fish -> FishScript.of(root);
    };
  }

  /** The file name the distribution ships the script under (share/completion). */
  public String fileName() {
    return BashScript.NAME + "." + name();
  }

  private static final String ZSH_HEADER =
      """
      # zsh completion for knm: the bash script below, run by zsh's bashcompinit (which it loads).
      # Install: source <(knm completion zsh) in ~/.zshrc, or source this file from there.

      """;
}
