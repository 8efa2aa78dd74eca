package dev.knm.kube.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutTierTest {

  @Test
  void tiers_follow_node_count_boundaries() {
    assertThat(TimeoutTier.forNodeCount(0)).isEqualTo(tier(30, 15));
    assertThat(TimeoutTier.forNodeCount(9)).isEqualTo(tier(30, 15));
    assertThat(TimeoutTier.forNodeCount(10)).isEqualTo(tier(45, 20));
    assertThat(TimeoutTier.forNodeCount(50)).isEqualTo(tier(45, 20));
    assertThat(TimeoutTier.forNodeCount(51)).isEqualTo(tier(60, 30));
    assertThat(TimeoutTier.forNodeCount(104)).isEqualTo(tier(60, 30));
    assertThat(TimeoutTier.forNodeCount(200)).isEqualTo(tier(60, 30));
    assertThat(TimeoutTier.forNodeCount(201)).isEqualTo(tier(90, 60));
  }

  @Test
  void unknown_node_count_gets_the_10_to_50_tier() {
    assertThat(TimeoutTier.forNodeCount(null)).isEqualTo(tier(45, 20));
  }

  @Test
  void each_tier_has_a_deadline_of_two_request_timeouts() {
    assertThat(TimeoutTier.forNodeCount(5).deadline()).isEqualTo(Duration.ofMinutes(1));
    assertThat(TimeoutTier.forNodeCount(null).deadline()).isEqualTo(Duration.ofSeconds(90));
    assertThat(TimeoutTier.forNodeCount(104).deadline()).isEqualTo(Duration.ofMinutes(2));
    assertThat(TimeoutTier.forNodeCount(5000).deadline()).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void request_timeout_override_applies_to_both_and_keeps_the_tiers_deadline() {
    assertThat(TimeoutTier.forNodeCount(300).withOverride(Duration.ofSeconds(5)))
        .isEqualTo(
            new TimeoutTier(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(3)));
    assertThat(TimeoutTier.SMALL.withOverride(null)).isEqualTo(tier(30, 15));
  }

  @Test
  void durations_read_short_in_messages() {
    assertThat(TimeoutTier.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(TimeoutTier.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(TimeoutTier.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(TimeoutTier.format(Duration.ofMillis(250))).isEqualTo("250ms");
  }

  private static TimeoutTier tier(int request, int page) {
    return new TimeoutTier(Duration.ofSeconds(request), Duration.ofSeconds(page));
  }
}
