package dev.knm.completion;

import picocli.CommandLine;

/**
 * Gives the build the application's full command tree (a {@link java.util.ServiceLoader} service
 * the cli provides): this module comes before the cli in the build and cannot name its classes.
 */
public interface CommandTreeSource {
  /** A fresh tree of every command, for generating scripts (it may be marked on the way). */
  CommandLine commandTree();
}
