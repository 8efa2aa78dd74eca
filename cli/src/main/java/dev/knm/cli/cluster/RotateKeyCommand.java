package dev.knm.cli.cluster;

import dev.knm.cli.BaseCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "rotate-key",
    description = {
      "Re-seal every stored kubeconfig with a new key, in one transaction: if it is interrupted",
      "the old key stays valid. The new key file is created (mode 0600) if it does not exist.",
      "Afterwards use it with --key-file or KNM_KEY_FILE (or move it to the default path)."
    })
public final class RotateKeyCommand extends BaseCommand {
  @Option(
      names = "--new-key-file",
      required = true,
      paramLabel = "FILE",
      description = "The new key (created with a fresh random key if absent)")
  Path newKeyFile;

  @Override
  public Integer call() {
    return audit().run("rotate-key", null, "store", this::rotate);
  }

  private int rotate() {
    int rows = context().rotateKey(global(), newKeyFile, this::notice);
    out()
        .println(
            "re-sealed "
                + rows
                + " kubeconfig"
                + (rows == 1 ? "" : "s")
                + " with the key in "
                + newKeyFile);
    out().flush();
    return 0;
  }
}
