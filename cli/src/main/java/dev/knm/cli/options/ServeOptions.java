package dev.knm.cli.options;

import dev.knm.cli.fleet.LogLines;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** `knm watch --serve`'s options: where to serve, the token, TLS, shutdown and logs. */
public final class ServeOptions {
  @Option(
      names = "--serve",
      paramLabel = "HOST:PORT",
      description =
          "Serve health, metrics and the API on HOST:PORT (fleet mode: runs until SIGTERM)")
  public String serve;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding the API's bearer token (default: $KNM_RELOAD_TOKEN)")
  public Path tokenFile;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "Serve HTTPS: PEM certificate chain")
  public Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "Serve HTTPS: PEM private key")
  public Path tlsKey;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "DURATION",
      defaultValue = "25s",
      description =
          "On SIGTERM, time for reloads in flight and informers to stop (default: ${DEFAULT-VALUE})")
  public String shutdownGrace;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "logfmt",
      description =
          "Serve mode's log lines on stderr: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  public LogLines.Format logFormat;

  @Option(
      names = "--store-poll",
      paramLabel = "DURATION",
      defaultValue = "2s",
      description =
          "H2 store: how often the clusters' rows are compared for changes (PostgreSQL stores"
              + " use LISTEN/NOTIFY) (default: ${DEFAULT-VALUE})")
  public String storePoll;

  public boolean enabled() {
    return serve != null;
  }
}
