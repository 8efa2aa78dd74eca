package dev.knm.fleet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serve mode's event log: one event a line, a message and key-value fields, rendered by the cli as
 * logfmt or JSON. Never give it a secret (tokens, kubeconfigs, passwords).
 */
@FunctionalInterface
public interface FleetLog {
  enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  void log(Level level, String message, Map<String, Object> fields);

  default void info(String message, Object... keyValues) {
    log(Level.INFO, message, fields(keyValues));
  }

  default void warn(String message, Object... keyValues) {
    log(Level.WARN, message, fields(keyValues));
  }

  default void error(String message, Object... keyValues) {
    log(Level.ERROR, message, fields(keyValues));
  }

  FleetLog NONE = (level, message, fields) -> {};

  private static Map<String, Object> fields(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      m.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
    }
    return m;
  }
}
