package dev.knm.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import dev.knm.sandbox.fleet.FakeInstances;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BroadcastReloadCommandTest {
  private static final String TOKEN = "cli-broadcast-token-77";

  @TempDir Path home;

  @Test
  void oneRowPerInstanceAndExit3WhenSomeFailed() throws Exception {
    // given: two instances that answer and one that refuses
    try (FakeInstances fakes = FakeInstances.start(2, 0, 1, TOKEN, FakeInstances.Order.FIRST)) {
      List<String> a = fakes.addresses(); // refusing first, then fake-0, fake-1
      CliRunner cli = new CliRunner(home).env("KNM_RELOAD_TOKEN", TOKEN);

      // when
      CliRunner.Result r =
          cli.run(
              "broadcast-reload", "prod-eu", "--instances", String.join(",", a), "--timeout", "2s");

      // then
      assertThat(r.exitCode()).isEqualTo(3);
      List<String> lines = r.out().lines().toList();
      assertThat(lines).hasSize(4);
      assertThat(lines.get(0)).matches("INSTANCE\\s+ADDRESS\\s+RESULT\\s+TIME");
      assertThat(lines.get(1))
          .matches(
              "\\Q"
                  + a.get(0)
                  + "\\E\\s+\\Q"
                  + a.get(0)
                  + "\\E\\s+failed: connection refused\\s+\\d+ms");
      assertThat(lines.get(2))
          .matches("fake-0\\s+\\Q" + a.get(1) + "\\E\\s+ok \\(unchanged\\)\\s+\\d+ms");
      assertThat(lines.get(3))
          .matches("fake-1\\s+\\Q" + a.get(2) + "\\E\\s+ok \\(unchanged\\)\\s+\\d+ms");
      assertThat(r.err())
          .startsWith(
              "found 3 instances from --instances\nbroadcasting reload of cluster/prod-eu to 3"
                  + " instances\nreload of cluster/prod-eu acknowledged by 2 of 3 instances in ")
          .endsWith("error: 1 of 3 instances failed to reload cluster/prod-eu\n");
      assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    }
  }

  @Test
  void jsonForScriptsAndExit0WhenAllReloaded() throws Exception {
    try (FakeInstances fakes = FakeInstances.start(2, 0, 0, TOKEN, FakeInstances.Order.FIRST)) {
      Path tokenFile = home.resolve("token");
      Files.writeString(tokenFile, TOKEN + "\n");
      CliRunner.Result r =
          new CliRunner(home)
              .env("INSTANCE_ADDRESSES", String.join(",", fakes.addresses()))
              .run("broadcast-reload", "a", "--token-file", tokenFile.toString(), "-o", "json");
      assertThat(r.exitCode()).isZero();
      String json =
          r.out()
              .replaceAll("\"timeMs\": \\d+", "\"timeMs\": T")
              .replaceAll("\"durationMs\": \\d+", "\"durationMs\": D");
      assertThat(json)
          .isEqualTo(
              """
              {
                  "apiVersion": "knm/v1",
                  "kind": "BroadcastReload",
                  "cluster": "a",
                  "instances": 2,
                  "acknowledged": 2,
                  "durationMs": D,
                  "items": [
                      {
                          "instance": "fake-0",
                          "address": "%s",
                          "ok": true,
                          "action": "unchanged",
                          "error": null,
                          "timeMs": T
                      },
                      {
                          "instance": "fake-1",
                          "address": "%s",
                          "ok": true,
                          "action": "unchanged",
                          "error": null,
                          "timeMs": T
                      }
                  ]
              }
              """
                  .formatted(fakes.addresses().get(0), fakes.addresses().get(1)));
      assertThat(fakes.reloads()).isEqualTo(2);

      CliRunner.Result nd =
          new CliRunner(home)
              .env("KNM_RELOAD_TOKEN", TOKEN)
              .run(
                  "broadcast-reload", "a", "--instances", fakes.addresses().get(0), "-o", "ndjson");
      assertThat(nd.out())
          .matches(
              "\\{\"instance\":\"fake-0\",\"address\":\"[^\"]+\",\"ok\":true,\"action\":\"unchanged\","
                  + "\"error\":null,\"timeMs\":\\d+\\}\n");
    }
  }

  @Test
  void verboseLogsEachInstancesAnswerAsItArrives() throws Exception {
    try (FakeInstances fakes = FakeInstances.start(1, 0, 1, TOKEN, FakeInstances.Order.FIRST)) {
      CliRunner.Result r =
          new CliRunner(home)
              .env("KNM_RELOAD_TOKEN", TOKEN)
              .run(
                  "-v",
                  "broadcast-reload",
                  "a",
                  "--instances",
                  String.join(",", fakes.addresses()),
                  "-o",
                  "name");
      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(r.out()).isEqualTo("instance/fake-0\n");
      assertThat(r.err())
          .containsPattern(
              "reload failed cluster=a instance=- address=\\Q"
                  + fakes.addresses().get(0)
                  + "\\E error=\"connection refused\" time=\\d+ms\n")
          .containsPattern(
              "reload ok cluster=a instance=fake-0 address=\\Q"
                  + fakes.addresses().get(1)
                  + "\\E action=unchanged time=\\d+ms\n");
    }
  }

  @Test
  void exit4WhenNoneAnswered() throws Exception {
    try (FakeInstances fakes = FakeInstances.start(0, 1, 1, null, FakeInstances.Order.FIRST)) {
      CliRunner.Result r =
          new CliRunner(home)
              .run(
                  "broadcast-reload",
                  "a",
                  "--instances",
                  String.join(",", fakes.addresses()),
                  "--timeout",
                  "500ms",
                  "--no-headers");
      assertThat(r.exitCode()).isEqualTo(4);
      assertThat(r.out())
          .contains("failed: timed out after 500ms")
          .contains("failed: connection refused");
      assertThat(r.err()).endsWith("error: 2 of 2 instances failed to reload cluster/a\n");
    }
  }

  @Test
  void badInputIsAUsageErrorWithOneLine() {
    CliRunner cli = new CliRunner(home);
    CliRunner.Result none = cli.run("broadcast-reload", "a");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err())
        .isEqualTo(
            "error: no instances to reload: give --instances, or set POD_IPS, INSTANCE_ADDRESSES"
                + " or SERVICE_NAME and POD_NAMESPACE\n");

    CliRunner.Result badName = cli.run("broadcast-reload", "../x", "--instances", "h:1");
    assertThat(badName.exitCode()).isEqualTo(2);
    assertThat(badName.err()).startsWith("error: invalid cluster name '../x': must be a DNS-1123");

    CliRunner.Result badAddress = cli.run("broadcast-reload", "a", "--instances", "h:1,nope");
    assertThat(badAddress.exitCode()).isEqualTo(2);
    assertThat(badAddress.err())
        .isEqualTo("error: invalid instance address 'nope' in --instances: expected HOST:PORT\n");

    CliRunner.Result badTimeout =
        cli.run("broadcast-reload", "a", "--instances", "h:1", "--timeout", "soon");
    assertThat(badTimeout.exitCode()).isEqualTo(2);
    assertThat(badTimeout.err())
        .isEqualTo("error: invalid duration 'soon' for --timeout: use e.g. 500ms, 30s, 5m, 1h\n");

    CliRunner.Result missingTokenFile =
        cli.run("broadcast-reload", "a", "--instances", "h:1", "--token-file", home + "/nope");
    assertThat(missingTokenFile.exitCode()).isEqualTo(1);
    assertThat(missingTokenFile.err())
        .isEqualTo("error: cannot read --token-file " + home + "/nope: no such file\n");
  }
}
