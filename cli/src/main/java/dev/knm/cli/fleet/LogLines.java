package dev.knm.cli.fleet;

import dev.knm.cli.render.Json;
import dev.knm.fleet.FleetLog;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Serve mode's log: one event a line on stderr, flushed, as logfmt ({@code time=... level=info
 * msg="reload ok" cluster=a}) or JSON ({@code {"time":...,"level":"info","msg":...}}).
 */
public final class LogLines implements FleetLog {
  /** --log-format values. */
  public enum Format {
    logfmt,
    json
  }

  private final PrintWriter out;
  private final Format format;
  private final Clock clock;

  public LogLines(PrintWriter out, Format format, Clock clock) {
    this.out = out;
    this.format = format;
    this.clock = clock;
  }

  @Override
  public void log(Level level, String message, Map<String, Object> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", clock.instant().toString());
    line.put("level", level.name().toLowerCase(Locale.ROOT));
    line.put("msg", message);
    fields.forEach((k, v) -> line.putIfAbsent(k, v));
    String text = format == Format.json ? Json.writeCompact(line) : logfmt(line);
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }

  static String logfmt(Map<String, Object> line) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Object> e : line.entrySet()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(e.getKey()).append('=').append(value(e.getValue()));
    }
    return sb.toString();
  }

  private static String value(Object v) {
    String s = v == null ? "" : v.toString();
    boolean plain = !s.isEmpty();
    for (int i = 0; i < s.length() && plain; i++) {
      char c = s.charAt(i);
      plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c < 0x7f;
    }
    if (plain) {
      return s;
    }
    StringBuilder q = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\r' -> q.append("\\r");
        case '\t' -> q.append("\\t");
        default -> q.append(c);
      }
    }
    return q.append('"').toString();
  }
}
