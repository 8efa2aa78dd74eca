package dev.knm.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.sandbox.fleet.FakeInstances;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReloadBroadcasterTest {
  private static final char[] TOKEN = "broadcast-test-token".toCharArray();

  private static List<InstanceAddress> parse(List<String> addresses) {
    return addresses.stream().map(a -> InstanceAddress.parse(a, "test")).toList();
  }

  @Test
  void slidingWindowHoldsSilentPeersForOneTimeoutOnly() throws Exception {
    // given: 30 answering, 6 that accept and never answer (first in the list), 4 refusing
    try (FakeInstances fakes =
        FakeInstances.start(30, 6, 4, new String(TOKEN), FakeInstances.Order.FIRST)) {
      List<InstanceAddress> instances = parse(fakes.addresses());
      List<InstanceResult> seen = Collections.synchronizedList(new ArrayList<>());
      ReloadBroadcaster broadcaster =
          new ReloadBroadcaster(
              new ReloadBroadcaster.Options(Duration.ofSeconds(1), 8, TOKEN, null));

      // when
      BroadcastReport report = broadcaster.broadcast("prod-eu", instances, seen::add);

      // then: one row per instance, in the order given
      assertThat(report.results())
          .extracting(InstanceResult::address)
          .containsExactlyElementsOf(instances);
      assertThat(report.results().subList(0, 6))
          .allSatisfy(
              r -> {
                assertThat(r.failure()).isEqualTo("timed out after 1s");
                assertThat(r.instance()).isNull();
              });
      assertThat(report.results().subList(6, 10))
          .allSatisfy(r -> assertThat(r.failure()).isEqualTo("connection refused"));
      assertThat(report.results().subList(10, 40))
          .allSatisfy(
              r -> {
                assertThat(r.ok()).isTrue();
                assertThat(r.action()).isEqualTo("unchanged");
                assertThat(r.instance()).startsWith("fake-");
              });
      assertThat(report.acknowledged()).isEqualTo(30);
      assertThat(report.allOk()).isFalse();
      assertThat(report.noneAnswered()).isFalse();
      assertThat(fakes.reloads()).isEqualTo(30);
      assertThat(seen).hasSize(40);
      // the 6 silent peers held 6 of 8 slots for one timeout; the other 34 went through the rest:
      // about 1 s in all (batches of 8 would wait a full timeout per batch holding a silent one)
      assertThat(report.total()).isLessThan(Duration.ofMillis(2900));
    }
  }

  @Test
  void fixedBatchesWaitForTheSlowestOfEachBatch() throws Exception {
    // given: a silent peer in each of the first two batches of 4
    try (FakeInstances fakes = FakeInstances.start(6, 2, 0, null, FakeInstances.Order.FIRST)) {
      List<InstanceAddress> silentFirst = new ArrayList<>(parse(fakes.addresses()));
      Collections.swap(silentFirst, 1, 4); // silent at positions 0 and 4
      ReloadBroadcaster batches =
          new ReloadBroadcaster(
              new ReloadBroadcaster.Options(
                  Duration.ofMillis(700), 4, null, null, ReloadBroadcaster.Schedule.FIXED_BATCHES));
      ReloadBroadcaster window =
          new ReloadBroadcaster(
              new ReloadBroadcaster.Options(Duration.ofMillis(700), 4, null, null));

      // when
      BroadcastReport batched =
          batches.broadcast("c", silentFirst, ReloadBroadcaster.Listener.NONE);
      BroadcastReport windowed =
          window.broadcast("c", silentFirst, ReloadBroadcaster.Listener.NONE);

      // then: same results, but the batches took two timeouts, the window about one
      assertThat(batched.acknowledged()).isEqualTo(6);
      assertThat(windowed.acknowledged()).isEqualTo(6);
      assertThat(batched.total()).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
      assertThat(windowed.total()).isLessThan(batched.total());
    }
  }

  @Test
  void aWrongTokenIsAFailureWithTheInstancesReason() throws Exception {
    try (FakeInstances fakes = FakeInstances.start(2, 0, 0, "right", FakeInstances.Order.FIRST)) {
      BroadcastReport report =
          new ReloadBroadcaster(
                  new ReloadBroadcaster.Options(
                      Duration.ofSeconds(2), 4, "wrong".toCharArray(), null))
              .broadcast("c", parse(fakes.addresses()), ReloadBroadcaster.Listener.NONE);
      assertThat(report.results())
          .allSatisfy(
              r -> {
                assertThat(r.failure()).isEqualTo("HTTP 401: missing or wrong bearer token");
                assertThat(r.instance()).startsWith("fake-");
              });
      assertThat(report.noneAnswered()).isFalse();
      assertThat(fakes.reloads()).isZero();
    }
  }

  @Test
  void noInstancesIsAnEmptyReport() {
    BroadcastReport report =
        new ReloadBroadcaster(new ReloadBroadcaster.Options(Duration.ofSeconds(1), 4, null, null))
            .broadcast("c", List.of(), ReloadBroadcaster.Listener.NONE);
    assertThat(report.results()).isEmpty();
  }
}
