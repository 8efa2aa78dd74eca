package dev.knm.cli.cluster;

import dev.knm.cli.BaseCommand;
import dev.knm.cli.fleet.AutoBroadcast;
import dev.knm.cluster.ClusterQuery;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "rotate-key",
    description = {
      "Re-seal every stored kubeconfig with a new key file's key or a new passphrase's, in one"
          + " transaction.",
      "If it is interrupted the old key stays valid. A new key file is created (mode 0600) if it"
          + " does not exist; afterwards use it with --key-file or KNM_KEY_FILE (or move it to the"
          + " default path). A new passphrase gets fresh Argon2id parameters, kept in the store, so"
          + " that it opens the store from any machine; the current key or passphrase is given as"
          + " usual (--key-file, --passphrase-file, the environment, or the terminal)."
    })
public final class RotateKeyCommand extends BaseCommand {
  @ArgGroup(multiplicity = "1")
  NewKey newKey;

  static final class NewKey {
    @Option(
        names = "--new-key-file",
        required = true,
        paramLabel = "FILE",
        description = "The new key (created with a fresh random key if absent)")
    Path file;

    @Option(
        names = "--new-passphrase-file",
        required = true,
        paramLabel = "FILE",
        description = "A file holding the new passphrase (its first line)")
    Path passphraseFile;
  }

  @Override
  public Integer call() {
    return audit().run("rotate-key", null, "store", this::rotate);
  }

  private int rotate() {
    int rows = context().rotateKey(global(), newKey.file, newKey.passphraseFile, this::notice);
    String with =
        newKey.file != null
            ? "the key in " + newKey.file
            : "the passphrase in " + newKey.passphraseFile;
    out().println("re-sealed " + rows + " kubeconfig" + (rows == 1 ? "" : "s") + " with " + with);
    out().flush();
    // instances open every cluster again, which proves they have the new key
    AutoBroadcast.after(
        context().env(),
        AutoBroadcast.configured(context().env())
            ? clusters().list(ClusterQuery.all()).items().stream()
                .map(v -> v.cluster().name())
                .toList()
            : List.of(),
        this::notice);
    return 0;
  }
}
