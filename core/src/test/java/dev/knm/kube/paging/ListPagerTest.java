package dev.knm.kube.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.error.UsageException;
import dev.knm.kube.FakeKubeApi;
import dev.knm.kube.model.Pod;
import dev.knm.kube.model.PodDecoder;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.TimeoutTier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When pages are fetched, decoded and handed over; PodPagerTest covers what is delivered. */
class ListPagerTest {
  private static final String PODS = "/api/v1/pods";
  private FakeKubeApi api;
  private ClusterClient client;
  private final CountDownLatch secondRequest = new CountDownLatch(1);

  @BeforeEach
  void given_a_cluster_with_25_pods() {
    api = new FakeKubeApi();
    for (int i = 0; i < 25; i++) {
      api.pod(i % 2 == 0 ? "default" : "kube-system", String.format("pod-%02d", i), "n1");
    }
    api.onRequest =
        p -> {
          if (p.contains("continue=")) {
            secondRequest.countDown();
          }
        };
    client = api.client("prod-eu", TimeoutTier.SMALL);
  }

  @AfterEach
  void close() {
    client.close();
    api.close();
  }

  private <T> long stream(
      int pageSize, long maxItems, ListPager.ItemType<T> type, Consumer<List<T>> consumer) {
    return new ListPager(client)
        .stream(PODS, Map.of(), pageSize, maxItems, Duration.ofSeconds(15), type, consumer);
  }

  private boolean secondRequestSeen() {
    try {
      return secondRequest.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void the_next_page_is_requested_before_this_page_is_decoded_on_the_callers_thread() {
    // given: a decoder that, on the first pod, waits (at most 5 s) for the second page's request
    Thread caller = Thread.currentThread();
    List<String> decoding = new CopyOnWriteArrayList<>();
    ListPager.ItemType<Pod> waiting =
        new ListPager.ItemType<>(
            (p, page) -> {
              Pod pod = PodDecoder.pod(p);
              if (pod.key().equals("default/pod-00")) {
                boolean seen = secondRequestSeen();
                String thread = Thread.currentThread() == caller ? "caller" : "another thread";
                decoding.add("on the " + thread + ", page 2 requested: " + seen);
              }
              return pod;
            },
            Pod::key);
    List<Integer> sizes = new ArrayList<>();

    // when
    long n = stream(10, 0, waiting, page -> sizes.add(page.size()));

    // then
    assertThat(decoding).containsExactly("on the caller, page 2 requested: true");
    assertThat(sizes).containsExactly(10, 10, 5);
    assertThat(n).isEqualTo(25);
  }

  @Test
  void at_most_one_page_is_fetched_ahead_of_the_consumer() throws Exception {
    List<Integer> requestsWhileHoldingPage1 = new ArrayList<>();

    stream(
        5,
        0,
        ListPager.POD,
        page -> {
          if (requestsWhileHoldingPage1.isEmpty()) {
            secondRequestSeen();
            sleep(300); // time enough to fetch pages 3-5 if the hand-off were not bounded
            requestsWhileHoldingPage1.add(api.requests.size());
          }
        });

    assertThat(requestsWhileHoldingPage1).containsExactly(2);
    assertThat(api.requests).hasSize(5);
  }

  @Test
  void an_error_on_the_next_page_surfaces_after_this_page_is_consumed() {
    api.onRequest =
        p -> {
          if (p.contains("continue=")) {
            api.fault(
                400, null, FakeKubeApi.status(400, "BadRequest", "invalid continue token", null));
            secondRequest.countDown();
          }
        };
    List<String> events = new ArrayList<>();

    assertThatThrownBy(
            () ->
                stream(
                    10,
                    0,
                    ListPager.POD,
                    page -> {
                      secondRequestSeen(); // page 2 has failed by now
                      events.add("consumed " + page.size());
                    }))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "cluster prod-eu: GET /api/v1/pods rejected the request: invalid continue token");
    assertThat(events).containsExactly("consumed 10");
  }

  @Test
  void a_failing_consumer_cancels_the_page_in_flight() {
    api.onRequest =
        p -> {
          if (p.contains("continue=")) {
            api.listBodyDelay = Duration.ofSeconds(10);
            secondRequest.countDown();
          }
        };

    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                stream(
                    10,
                    0,
                    ListPager.POD,
                    page -> {
                      secondRequestSeen();
                      throw new IllegalStateException("disk full");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk full");

    assertThat(awaitNoPrefetchThread(Duration.ofSeconds(3))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(api.requests).hasSize(2);
  }

  @Test
  void an_interrupted_caller_stops_with_its_interrupt_status_kept() throws Exception {
    api.listBodyDelay = Duration.ofSeconds(10);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                stream(10, 0, ListPager.POD, page -> {});
              } catch (RuntimeException e) {
                thrown.set(e);
                interrupted.set(Thread.currentThread().isInterrupted());
              }
            });
    caller.start();
    while (api.requests.isEmpty()) {
      sleep(10);
    }

    caller.interrupt();
    caller.join(5_000);

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("interrupted while listing");
    assertThat(interrupted.get()).isTrue();
    assertThat(awaitNoPrefetchThread(Duration.ofSeconds(3))).isTrue();
  }

  @Test
  void items_before_metadata_still_lists_every_pod_once() {
    api.itemsFirst = true;
    List<String> keys = new ArrayList<>();

    stream(10, 0, ListPager.POD, page -> page.forEach(p -> keys.add(p.key())));

    assertThat(keys).containsExactlyElementsOf(api.pods.keySet());
    assertThat(api.requests)
        .containsExactly(
            "/api/v1/pods?limit=10",
            "/api/v1/pods?limit=10&continue=k%3Adefault%2Fpod-18",
            "/api/v1/pods?limit=10&continue=k%3Akube-system%2Fpod-13");
  }

  @Test
  void max_items_asks_for_no_page_it_does_not_need() {
    List<Integer> sizes = new ArrayList<>();

    long three = stream(10, 3, ListPager.POD, page -> sizes.add(page.size()));
    List<String> first = List.copyOf(api.requests);
    api.requests.clear();
    long twelve = stream(10, 12, ListPager.POD, page -> sizes.add(page.size()));

    assertThat(three).isEqualTo(3);
    assertThat(twelve).isEqualTo(12);
    assertThat(sizes).containsExactly(3, 10, 2);
    assertThat(first).containsExactly("/api/v1/pods?limit=3");
    assertThat(api.requests)
        .containsExactly(
            "/api/v1/pods?limit=10", "/api/v1/pods?limit=10&continue=k%3Adefault%2Fpod-18");
  }

  private static boolean awaitNoPrefetchThread(Duration within) {
    long end = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < end) {
      boolean alive =
          Thread.getAllStackTraces().keySet().stream()
              .anyMatch(t -> t.getName().equals("knm-prefetch-prod-eu") && t.isAlive());
      if (!alive) {
        return true;
      }
      sleep(20);
    }
    return false;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
