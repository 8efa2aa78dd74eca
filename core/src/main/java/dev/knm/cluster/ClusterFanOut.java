package dev.knm.cluster;

import dev.knm.error.ClusterUnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one piece of work per cluster, at most {@code concurrency} at a time, and hands each
 * cluster's answer to the caller as soon as it is in: the one fan-out over clusters that `list
 * nodes`, `list --refresh` and `import --all-contexts` use (and watch and fleet later).
 *
 * <ul>
 *   <li>Answers arrive in the order the clusters answer, on the caller's thread, one at a time: a
 *       listener may print without locking, and an exception it throws (a closed stdout) stops the
 *       fan-out and cancels the work still running.
 *   <li>Each job has its {@link Deadline}. The work is expected to honour it (requests bounded by
 *       what is left); should it not have answered {@link #GRACE} after its deadline, the fan-out
 *       stops waiting, interrupts it and answers for it with a {@link ClusterUnreachableException}
 *       "cluster X: timed out: ...". A job still queued when its deadline passes is answered the
 *       same way without being started. So {@link #run} returns at most {@code GRACE} after the
 *       latest deadline, whatever the work does.
 *   <li>A failing cluster never stops the others; the {@link FanOutResult} says how the whole went
 *       (all answered, some failed, none answered) and turns that into the documented error.
 * </ul>
 */
public final class ClusterFanOut {
  /** How long past its deadline a job may take to report its own (better worded) timeout. */
  public static final Duration GRACE = Duration.ofMillis(300);

  /** One cluster's work: {@code work} runs on a pool thread and should honour {@code deadline}. */
  public record Job<R>(String cluster, Deadline deadline, Supplier<R> work) {}

  /** One cluster's answer: its value, or the exception its work failed with. */
  public record Answer<R>(String cluster, R value, RuntimeException failure) {
    public boolean ok() {
      return failure == null;
    }
  }

  private record Indexed<R>(int index, Answer<R> answer) {}

  private final int concurrency;

  /**
   * @param concurrency clusters worked on at once (at least 1)
   */
  public ClusterFanOut(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    this.concurrency = concurrency;
  }

  /**
   * Runs every job and calls {@code onAnswer} once per job, in answer order, on this thread.
   * Returns when every job has answered (or was answered for at its deadline).
   *
   * @throws RuntimeException whatever {@code onAnswer} throws (the remaining work is cancelled)
   */
  public <R> FanOutResult run(List<Job<R>> jobs, Consumer<Answer<R>> onAnswer) {
    int n = jobs.size();
    if (n == 0) {
      return new FanOutResult(0, Map.of());
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(concurrency, n),
            r -> {
              Thread t = new Thread(r, "knm-fanout");
              t.setDaemon(true);
              return t;
            });
    BlockingQueue<Indexed<R>> answers = new LinkedBlockingQueue<>();
    List<Future<?>> futures = new ArrayList<>(n);
    List<AtomicBoolean> started = new ArrayList<>(n);
    boolean[] delivered = new boolean[n];
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    try {
      for (int i = 0; i < n; i++) {
        Job<R> job = jobs.get(i);
        AtomicBoolean s = new AtomicBoolean();
        started.add(s);
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  s.set(true);
                  answers.add(new Indexed<>(index, attempt(job)));
                }));
      }
      int left = n;
      while (left > 0) {
        long wake = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
          if (!delivered[i]) {
            wake = Math.min(wake, stopAt(jobs.get(i).deadline()));
          }
        }
        Indexed<R> a =
            wake == Long.MAX_VALUE
                ? answers.take()
                : answers.poll(Math.max(0, wake - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (a != null) {
          if (!delivered[a.index()]) {
            delivered[a.index()] = true;
            left--;
            deliver(a.answer(), failures, onAnswer);
          }
          continue;
        }
        long now = System.nanoTime();
        List<Integer> expired = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (!delivered[i] && stopAt(jobs.get(i).deadline()) - now <= 0) {
            expired.add(i);
          }
        }
        // which of them started is read before any is cancelled, and the queued ones are
        // cancelled first: cancelling a running job frees its thread, which would otherwise start
        // the next queued job before it is cancelled in turn
        boolean[] wasStarted = new boolean[n];
        for (int i : expired) {
          wasStarted[i] = started.get(i).get();
        }
        for (int i : expired) {
          if (!wasStarted[i]) {
            futures.get(i).cancel(true);
          }
        }
        for (int i : expired) {
          if (wasStarted[i]) {
            futures.get(i).cancel(true);
          }
        }
        for (int i : expired) {
          Job<R> job = jobs.get(i);
          delivered[i] = true;
          left--;
          deliver(
              new Answer<>(job.cluster(), null, timedOut(job, wasStarted[i])), failures, onAnswer);
        }
      }
      return new FanOutResult(n, failures);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for clusters", e);
    } finally {
      pool.shutdownNow(); // interrupts work still running: a listener failed, or a deadline passed
    }
  }

  private static <R> Answer<R> attempt(Job<R> job) {
    try {
      return new Answer<>(job.cluster(), job.work().get(), null);
    } catch (RuntimeException e) {
      return new Answer<>(job.cluster(), null, e);
    } catch (Error e) { // NOPMD: the caller must not wait for an answer that never comes
      return new Answer<>(job.cluster(), null, new IllegalStateException(e.toString(), e));
    }
  }

  private static <R> void deliver(
      Answer<R> a, Map<String, RuntimeException> failures, Consumer<Answer<R>> onAnswer) {
    if (!a.ok()) {
      failures.put(a.cluster(), a.failure());
    }
    onAnswer.accept(a);
  }

  private static long stopAt(Deadline d) {
    return d.bounded() ? d.expiryNanos() + GRACE.toNanos() : Long.MAX_VALUE;
  }

  private ClusterUnreachableException timedOut(Job<?> job, boolean started) {
    String budget = Deadline.format(job.deadline().budget());
    String why =
        started
            ? "no answer within the deadline of " + budget
            : "the deadline of "
                + budget
                + " passed while it waited for a free slot ("
                + concurrency
                + " clusters at a time)";
    return new ClusterUnreachableException(
        job.cluster(), "cluster " + job.cluster() + ": timed out: " + why);
  }
}
