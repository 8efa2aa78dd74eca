package dev.knm.completion;

import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The values a completion script cannot know when it is generated, asked of {@code knm __complete
 * KIND} when such a value is being completed. Which argument takes which is a convention of knm's
 * commands, so that a command added later gets them without any change here:
 *
 * <ul>
 *   <li>an option named {@code --cluster}, or a positional parameter labelled {@code CLUSTER}: the
 *       names of the clusters in the store;
 *   <li>a positional parameter labelled {@code NODE}: the nodes of the cluster given with {@code
 *       -c}/{@code --cluster} on the same line;
 *   <li>an option named {@code --context}: the contexts of the file given with {@code --kubeconfig}
 *       on the same line.
 * </ul>
 */
public enum DynamicValues {
  CLUSTERS("clusters"),
  NODES("nodes"),
  CONTEXTS("contexts");

  private final String kind;

  DynamicValues(String kind) {
    this.kind = kind;
  }

  /** The word {@code knm __complete} takes for these values. */
  public String kind() {
    return kind;
  }

  /** The single completion candidate that stands for these values in a generated bash script. */
  String marker() {
    return "__knm_dynamic_" + kind;
  }

  /** The dynamic values {@code arg} takes, if any. */
  public static Optional<DynamicValues> of(ArgSpec arg) {
    if (arg instanceof OptionSpec o) {
      if (Arrays.asList(o.names()).contains("--cluster")) {
        return Optional.of(CLUSTERS);
      }
      if (Arrays.asList(o.names()).contains("--context")) {
        return Optional.of(CONTEXTS);
      }
    } else if (arg instanceof PositionalParamSpec p) {
      if ("CLUSTER".equals(p.paramLabel())) {
        return Optional.of(CLUSTERS);
      }
      if ("NODE".equals(p.paramLabel())) {
        return Optional.of(NODES);
      }
    }
    return Optional.empty();
  }

  /** The kind named {@code word} ({@link #kind()}), if any. */
  public static Optional<DynamicValues> ofKind(String word) {
    return Arrays.stream(values()).filter(v -> v.kind.equals(word)).findFirst();
  }
}
