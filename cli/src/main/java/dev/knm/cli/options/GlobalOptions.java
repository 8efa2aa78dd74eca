package dev.knm.cli.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts, before or after the command name (kubectl style): `knm -o json
 * list` and `knm list -o json` mean the same.
 */
public final class GlobalOptions {
  @Option(
      names = "--store",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description =
          "JDBC URL of the store (H2 or PostgreSQL); default: $KNM_STORE, else an H2 file"
              + " under $XDG_DATA_HOME/knm")
  public String store;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "File holding the encryption key; default: $KNM_ENCRYPTION_KEY, $KNM_KEY_FILE,"
              + " else $XDG_CONFIG_HOME/knm/key (created on first use)")
  public Path keyFile;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "File holding the passphrase of a store sealed with one (its first line); default:"
              + " $KNM_PASSPHRASE_FILE, else asked on the terminal. Given to a new store, seals it"
              + " with that passphrase")
  public Path passphraseFile;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      scope = ScopeType.INHERIT,
      description = "Output format: ${COMPLETION-CANDIDATES} (default: table)")
  public OutputFormat output = OutputFormat.table;

  @Option(
      names = "--no-headers",
      scope = ScopeType.INHERIT,
      description = "Print tables without the header row")
  public boolean noHeaders;

  @Option(
      names = "--no-color",
      scope = ScopeType.INHERIT,
      description = "Never color output (also: NO_COLOR set, or output not a terminal)")
  public boolean noColor;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Log retries, slow calls and details to stderr; stack traces on errors")
  public boolean[] verbose = new boolean[0];

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Print only results and errors")
  public boolean quiet;
}
