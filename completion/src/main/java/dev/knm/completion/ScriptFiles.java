package dev.knm.completion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * The build's step that writes share/completion/knm.{bash,zsh,fish} of the distribution: the same
 * {@link Shell#script} on the same command tree as {@code knm completion SHELL} prints, from the
 * jars packaged next to them (nothing is committed, so nothing can be stale).
 */
public final class ScriptFiles {
  private ScriptFiles() {}

  /** Usage: ScriptFiles OUTPUT_DIRECTORY. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ScriptFiles OUTPUT_DIRECTORY");
    }
    CommandTreeSource source =
        ServiceLoader.load(CommandTreeSource.class)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no CommandTreeSource on the class path"));
    write(source, Path.of(args[0]));
  }

  static void write(CommandTreeSource source, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Shell shell : Shell.values()) {
      Files.writeString(
          dir.resolve(shell.fileName()),
          shell.script(source.commandTree()),
          StandardCharsets.UTF_8);
    }
  }
}
