package dev.knm.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.fleet.FleetLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogLinesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-02T03:04:05.678Z"), ZoneOffset.UTC);

  private static String log(LogLines.Format format, String message, Map<String, Object> fields) {
    StringWriter out = new StringWriter();
    new LogLines(new PrintWriter(out), format, CLOCK).log(FleetLog.Level.INFO, message, fields);
    return out.toString();
  }

  @Test
  void logfmtQuotesWhatNeedsIt() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("cluster", "prod-eu");
    fields.put("error", "store said \"no\"\nthen gave up");
    fields.put("count", 3);
    fields.put("empty", "");
    assertThat(log(LogLines.Format.logfmt, "reload failed", fields))
        .isEqualTo(
            "time=2026-12-02T03:04:05.678Z level=info msg=\"reload failed\" cluster=prod-eu"
                + " error=\"store said \\\"no\\\"\\nthen gave up\" count=3 empty=\"\"\n");
  }

  @Test
  void jsonIsOneObjectALine() {
    assertThat(log(LogLines.Format.json, "found 3 instances from POD_IPS", Map.of("n", 3)))
        .isEqualTo(
            "{\"time\":\"2026-12-02T03:04:05.678Z\",\"level\":\"info\","
                + "\"msg\":\"found 3 instances from POD_IPS\",\"n\":3}\n");
  }

  @Test
  void aFieldCannotOverwriteTimeLevelOrMessage() {
    assertThat(log(LogLines.Format.logfmt, "m", Map.of("msg", "x", "level", "error")))
        .isEqualTo("time=2026-12-02T03:04:05.678Z level=info msg=m\n");
  }
}
