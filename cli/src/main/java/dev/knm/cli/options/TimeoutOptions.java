package dev.knm.cli.options;

import dev.knm.error.UsageException;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --request-timeout DURATION} (kubectl's flag): one limit for every request and every page
 * of a pod listing, instead of the cluster-size tier. "0" keeps the tier's timeouts.
 */
public final class TimeoutOptions {
  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Time limit of each request (e.g. 10s, 1m); default: by cluster size, 30-90 s (0: the"
              + " default)")
  Duration requestTimeout;

  /** The override, or null for the cluster-size tier. */
  public Duration override() {
    return requestTimeout == null || requestTimeout.isZero() ? null : requestTimeout;
  }

  /** Go-style durations as picocli values (a bad one is a usage error, exit code 2). */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value, "--request-timeout");
      } catch (UsageException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
