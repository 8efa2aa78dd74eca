package dev.knm.cli.options;

import dev.knm.cluster.Deadline;
import dev.knm.error.UsageException;
import dev.knm.kube.transport.TimeoutTier;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --deadline DURATION} (or {@code KNM_DEADLINE}): the one time limit of a whole command that
 * talks to clusters, counted from its start; requests, retries and every cluster of a fan-out stay
 * inside it. By default each cluster's size tier gives it (1 min for under 10 nodes, 1 min 30 s for
 * 10–50 or unknown, 2 min for 50–200, 3 min above; see {@link TimeoutTier}). "0" keeps the default.
 */
public final class DeadlineOptions {
  public static final String ENV = "KNM_DEADLINE";

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      converter = DeadlineConverter.class,
      description =
          "Time limit of the whole command (e.g. 30s, 5m; also $KNM_DEADLINE); default: by"
              + " cluster size, 1-3 min (0: the default)")
  Duration deadline;

  /**
   * The deadline given with --deadline, else $KNM_DEADLINE, else null (each cluster's tier).
   *
   * @throws UsageException when KNM_DEADLINE is not a duration
   */
  public Duration override(Map<String, String> env) {
    Duration d = deadline;
    if (d == null) {
      String text = env.get(ENV);
      if (text != null && !text.isBlank()) {
        d = Durations.parse(text, ENV);
      }
    }
    return d == null || d.isZero() ? null : d;
  }

  /** The deadline, for a cluster of {@code tier}, of a command that started at {@code start}. */
  public Deadline forTier(TimeoutTier tier, long startNanos, Map<String, String> env) {
    Duration d = override(env);
    return Deadline.of(startNanos, d != null ? d : tier.deadline());
  }

  /** Go-style durations as picocli values (a bad one is a usage error, exit code 2). */
  public static final class DeadlineConverter
      implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value, "--deadline");
      } catch (UsageException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
