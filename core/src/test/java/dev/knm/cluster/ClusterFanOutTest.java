package dev.knm.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.CredentialsRejectedException;
import dev.knm.error.PartialFailureException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClusterFanOutTest {

  private static ClusterFanOut.Job<String> job(String name, Deadline d, Runnable work) {
    return new ClusterFanOut.Job<>(
        name,
        d,
        () -> {
          work.run();
          return name + "-ok";
        });
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Test
  void answers_arrive_in_answer_order_on_the_callers_thread() {
    Thread caller = Thread.currentThread();
    List<String> seen = new ArrayList<>();
    List<ClusterFanOut.Job<String>> jobs =
        List.of(
            job("slow", Deadline.none(), () -> sleep(400)), job("fast", Deadline.none(), () -> {}));

    FanOutResult r =
        new ClusterFanOut(2)
            .run(
                jobs,
                a -> {
                  assertThat(Thread.currentThread()).isSameAs(caller);
                  seen.add(a.value());
                });

    assertThat(seen).containsExactly("fast-ok", "slow-ok");
    assertThat(r.outcome()).isEqualTo(FanOutResult.Outcome.ALL_OK);
    r.raise(""); // does not throw
  }

  @Test
  void a_job_that_ignores_its_deadline_is_answered_for_and_interrupted() {
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    List<ClusterFanOut.Job<String>> jobs =
        List.of(
            job(
                "hung",
                Deadline.in(Duration.ofMillis(500)),
                () -> {
                  try {
                    Thread.sleep(60_000);
                  } catch (InterruptedException e) {
                    interrupted.set(true);
                  } finally {
                    stopped.countDown();
                  }
                }),
            job("ok", Deadline.in(Duration.ofMillis(500)), () -> {}));
    List<String> order = new ArrayList<>();
    long start = System.nanoTime();

    FanOutResult r = new ClusterFanOut(8).run(jobs, a -> order.add(a.cluster()));

    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(order).containsExactly("ok", "hung");
    assertThat(ms).isBetween(500L, 500L + ClusterFanOut.GRACE.toMillis() + 700);
    assertThat(r.failures().get("hung"))
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessage("cluster hung: timed out: no answer within the deadline of 500ms");
    assertThat(r.outcome()).isEqualTo(FanOutResult.Outcome.SOME_FAILED);
    assertThatThrownBy(() -> r.raise(" to refresh"))
        .isInstanceOf(PartialFailureException.class)
        .hasMessage("1 of 2 clusters failed to refresh");
    assertThat(awaitQuietly(stopped)).isTrue();
    assertThat(interrupted).isTrue();
  }

  @Test
  void a_job_still_queued_at_its_deadline_is_never_started() {
    AtomicInteger started = new AtomicInteger();
    Deadline d = Deadline.in(Duration.ofMillis(300));
    List<ClusterFanOut.Job<String>> jobs =
        List.of(
            job(
                "first",
                d,
                () -> {
                  started.incrementAndGet();
                  sleep(5_000);
                }),
            job("queued", d, started::incrementAndGet));

    FanOutResult r = new ClusterFanOut(1).run(jobs, a -> {});

    assertThat(r.outcome()).isEqualTo(FanOutResult.Outcome.NONE_ANSWERED);
    assertThat(r.failures().get("queued"))
        .hasMessage(
            "cluster queued: timed out: the deadline of 300ms passed while it waited for a free"
                + " slot (1 clusters at a time)");
    assertThat(started).hasValue(1);
    assertThatThrownBy(() -> r.raise(""))
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessage("no selected cluster answered (2 failed)");
  }

  @Test
  void with_one_cluster_its_own_failure_is_the_outcome() {
    CredentialsRejectedException refused =
        new CredentialsRejectedException("lab", 401, "the server refused the credentials");
    FanOutResult r =
        new ClusterFanOut(8)
            .run(
                List.of(
                    new ClusterFanOut.Job<String>(
                        "lab",
                        Deadline.none(),
                        () -> {
                          throw refused;
                        })),
                a -> {});

    assertThatThrownBy(() -> r.raise("")).isSameAs(refused);
    assertThat(r.messages()).containsEntry("lab", "the server refused the credentials");
  }

  @Test
  void a_listener_that_fails_stops_the_fan_out_and_interrupts_the_rest() {
    CountDownLatch interrupted = new CountDownLatch(1);
    List<ClusterFanOut.Job<String>> jobs =
        List.of(
            job("first", Deadline.none(), () -> {}),
            job(
                "long",
                Deadline.none(),
                () -> {
                  try {
                    Thread.sleep(60_000);
                  } catch (InterruptedException e) {
                    interrupted.countDown();
                  }
                }));

    assertThatThrownBy(
            () ->
                new ClusterFanOut(2)
                    .run(
                        jobs,
                        a -> {
                          throw new IllegalStateException("stdout closed");
                        }))
        .hasMessage("stdout closed");
    assertThat(awaitQuietly(interrupted)).isTrue();
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
