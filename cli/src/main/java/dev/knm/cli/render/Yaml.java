package dev.knm.cli.render;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;

/** -o yaml of the same documents -o json prints, field for field. */
public final class Yaml {
  private Yaml() {}

  public static String write(Object value) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndicatorIndent(0);
    options.setSplitLines(false);
    return new org.yaml.snakeyaml.Yaml(options).dump(plain(value));
  }

  /** Instants as strings, maps kept in order: what SnakeYAML dumps without tags. */
  private static Object plain(Object v) {
    if (v instanceof Instant i) {
      return i.toString();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, val) -> out.put(String.valueOf(k), plain(val)));
      return out;
    }
    if (v instanceof Collection<?> c) {
      return c.stream().map(Yaml::plain).toList();
    }
    return v instanceof Number || v instanceof Boolean || v == null ? v : v.toString();
  }
}
