package dev.knm.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  @Test
  void bounds_a_timeout_by_what_is_left() {
    // given a deadline of 10 s that started 4 s ago
    Deadline d = Deadline.of(System.nanoTime() - Duration.ofSeconds(4).toNanos(), ofSeconds(10));
    // then a 30 s request gets at most the ~6 s left, a 1 s one its own second
    assertThat(d.bound(ofSeconds(30))).isBetween(ofSeconds(5), ofSeconds(6));
    assertThat(d.cuts(ofSeconds(30))).isTrue();
    assertThat(d.bound(ofSeconds(1))).isEqualTo(ofSeconds(1));
    assertThat(d.cuts(ofSeconds(1))).isFalse();
    assertThat(d.expired()).isFalse();
    assertThat(d.budget()).isEqualTo(ofSeconds(10));
  }

  @Test
  void a_passed_deadline_has_nothing_left() {
    Deadline d = Deadline.of(System.nanoTime() - Duration.ofSeconds(3).toNanos(), ofSeconds(2));
    assertThat(d.expired()).isTrue();
    assertThat(d.remaining()).isZero();
    assertThat(d.bound(ofSeconds(30))).isZero();
  }

  @Test
  void none_never_expires_nor_cuts() {
    Deadline d = Deadline.none();
    assertThat(d.bounded()).isFalse();
    assertThat(d.expired()).isFalse();
    assertThat(d.cuts(Duration.ofDays(365))).isFalse();
    assertThat(d.bound(ofSeconds(30))).isEqualTo(ofSeconds(30));
    assertThatThrownBy(d::budget).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_budget_must_be_positive() {
    assertThatThrownBy(() -> Deadline.in(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durations_read_short() {
    assertThat(Deadline.format(ofSeconds(2))).isEqualTo("2s");
    assertThat(Deadline.format(Duration.ofMinutes(3))).isEqualTo("3m");
    assertThat(Deadline.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  private static Duration ofSeconds(long s) {
    return Duration.ofSeconds(s);
  }
}
