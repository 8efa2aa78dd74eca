package dev.knm.cli.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import dev.knm.kube.model.JsonItem;
import dev.knm.kube.model.JsonValues;
import dev.knm.kube.model.Pod;
import dev.knm.kube.model.PodDecoder;
import dev.knm.kube.model.PodPrintStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PodPrinterTest {
  @Test
  void restarts_say_how_long_ago_the_last_one_was_when_known() {
    Instant now = Instant.parse("2026-11-21T10:00:00Z");

    assertThat(
            PodPrinter.restarts(
                new PodPrintStatus(0, 1, "Init:Error", 4, Instant.parse("2026-11-21T08:00:00Z")),
                now))
        .isEqualTo("4 (120m ago)");
    assertThat(PodPrinter.restarts(new PodPrintStatus(0, 1, "Running", 4, null), now))
        .isEqualTo("4");
    assertThat(PodPrinter.restarts(new PodPrintStatus(0, 1, "Running", 0, now), now))
        .isEqualTo("0");
  }

  /** Decodes a pod and copies it as ndjson, in a fresh JVM (see below). */
  public static void main(String[] args) throws Exception {
    String json = "{\"metadata\":{\"namespace\":\"a\",\"name\":\"p\"},\"spec\":{\"x\":[1.5]}}";
    byte[] page = json.getBytes(StandardCharsets.UTF_8);
    Pod pod;
    try (JsonParser p = JsonValues.parser(page)) {
      p.nextToken();
      pod = PodDecoder.pod(p);
    }
    System.out.println(
        "decoded "
            + pod.key()
            + " "
            + PodPrintStatus.of(pod).reason()
            + " "
            + JsonItemWriter.writeCompact(new JsonItem("a/p", page, 0, page.length)));
  }

  @Test
  void rows_and_ndjson_load_no_databind_class() throws Exception {
    // when: a fresh JVM with class loading logged (this one loaded databind long ago)
    Process p =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xlog:class+load=info",
                "-cp",
                System.getProperty("java.class.path"),
                PodPrinterTest.class.getName())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    // then
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(log)
        .contains(
            "decoded a/p  {\"metadata\":{\"namespace\":\"a\",\"name\":\"p\"},"
                + "\"spec\":{\"x\":[1.5]}}\n");
    assertThat(log.lines().filter(l -> l.contains("class,load")))
        .noneMatch(l -> l.contains(" com.fasterxml.jackson.databind."));
  }
}
