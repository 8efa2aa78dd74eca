package dev.knm.cli;

import dev.knm.completion.CommandTreeSource;
import java.io.InputStream;
import java.util.Map;
import picocli.CommandLine;

/**
 * Every command, for the build's generators (completion scripts, man pages): the tree `knm --help`
 * shows, in an empty environment.
 */
public final class FullCommandTree implements CommandTreeSource {
  @Override
  public CommandLine commandTree() {
    return Main.commandLine(new KnmContext(Map.of(), InputStream.nullInputStream(), false));
  }
}
