package dev.knm.cli.render;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Labels as kubectl shows them: key=value sorted by key, "<none>" when there are none. */
public final class Labels {
  private Labels() {}

  public static String format(Map<String, String> labels, String separator) {
    if (labels.isEmpty()) {
      return "<none>";
    }
    return new TreeMap<>(labels)
        .entrySet().stream()
            .map(e -> TerminalText.escape(e.getKey() + "=" + e.getValue()))
            .collect(Collectors.joining(separator));
  }
}
