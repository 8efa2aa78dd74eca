package dev.knm.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * knm interrupts its threads as a matter of course (deadlines, Ctrl-C during a drain, a stopped
 * watch); an interrupt that reaches a thread inside H2's file I/O closes H2's channel mid-write.
 * The store must neither fail nor lose a committed write because its caller was interrupted.
 */
class StoreInterruptTest {
  @TempDir Path dir;

  @Test
  void writesOfInterruptedThreadsAllCommitAndSurviveAReopen() throws Exception {
    // given: a store on an H2 file, and four threads writing audit rows one transaction each
    String url = "jdbc:h2:file:" + dir.resolve("knm");
    int threads = 4;
    int perThread = 40;
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger interruptsSeen = new AtomicInteger();
    List<Thread> writers = new ArrayList<>();
    try (Store store = Store.open(url)) {
      for (int t = 0; t < threads; t++) {
        int writer = t;
        writers.add(
            new Thread(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    String target = writer + "/" + i;
                    try {
                      store.inTransaction(
                          h -> {
                            h.attach(AuditDao.class)
                                .insert(
                                    Instant.now(),
                                    "u",
                                    "h",
                                    "drain",
                                    "c",
                                    target,
                                    "knm drain " + "x".repeat(2000),
                                    "ok",
                                    0,
                                    null);
                            return null;
                          });
                    } catch (RuntimeException e) {
                      failures.add(target + ": " + e.getMessage());
                    }
                    if (Thread.interrupted()) { // the interrupt is kept for the caller to see
                      interruptsSeen.incrementAndGet();
                    }
                  }
                }));
      }

      // when: another thread interrupts the writers at random moments all along
      writers.forEach(Thread::start);
      while (writers.stream().anyMatch(Thread::isAlive)) {
        writers.get(ThreadLocalRandom.current().nextInt(threads)).interrupt();
        Thread.sleep(0, ThreadLocalRandom.current().nextInt(1_000_000));
      }
      for (Thread w : writers) {
        w.join();
      }
    }

    // then: no write failed, the interrupts reached the callers, and every row is in the file
    assertThat(failures).isEmpty();
    assertThat(interruptsSeen.get()).isPositive();
    try (Store reopened = Store.open(url)) {
      long rows =
          reopened.read(
              h -> h.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Long.class).one());
      assertThat(rows).isEqualTo((long) threads * perThread);
    }
    assertThat(H2CompactionTest.closeFailures(dir.resolve("knm"))).isEmpty();
  }

  @Test
  void anOperationCalledByAnInterruptedThreadRunsAndLeavesTheInterruptSet() {
    // given
    try (Store store = Store.open("jdbc:h2:file:" + dir.resolve("one/knm"))) {
      Thread.currentThread().interrupt();
      try {
        // when
        int one = store.read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());

        // then
        assertThat(one).isEqualTo(1);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
    }
  }
}
