package dev.knm.kube.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.error.ClusterUnreachableException;
import dev.knm.kube.FakeKubeApi;
import dev.knm.kube.model.JsonItem;
import dev.knm.kube.model.Pod;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.TimeoutTier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodPagerTest {
  private FakeKubeApi api;
  private ClusterClient client;
  private final List<String> expected = new ArrayList<>();

  @BeforeEach
  void given_a_cluster_with_25_pods() {
    api = new FakeKubeApi();
    for (int i = 0; i < 25; i++) {
      String ns = i % 2 == 0 ? "default" : "kube-system";
      api.pod(ns, String.format("pod-%02d", i), "n" + (i % 3));
    }
    expected.addAll(api.pods.keySet());
    client = api.client("prod-eu", TimeoutTier.SMALL);
  }

  @AfterEach
  void close() {
    client.close();
    api.close();
  }

  private List<List<String>> pages(PodQuery q) {
    List<List<String>> pages = new ArrayList<>();
    new PodPager(client).stream(q, page -> pages.add(page.stream().map(Pod::key).toList()));
    return pages;
  }

  private static List<String> flat(List<List<String>> pages) {
    return pages.stream().flatMap(List::stream).toList();
  }

  @Test
  void every_pod_exactly_once_across_pages() {
    List<List<String>> pages = pages(PodQuery.all().withPageSize(10));

    assertThat(pages).extracting(List::size).containsExactly(10, 10, 5);
    assertThat(flat(pages)).containsExactlyElementsOf(expected);
    assertThat(api.requests)
        .containsExactly(
            "/api/v1/pods?limit=10",
            "/api/v1/pods?limit=10&continue=k%3Adefault%2Fpod-18",
            "/api/v1/pods?limit=10&continue=k%3Akube-system%2Fpod-13");
  }

  @Test
  void next_page_is_requested_while_the_consumer_still_holds_the_first() throws Exception {
    CountDownLatch secondRequest = new CountDownLatch(1);
    api.onRequest =
        p -> {
          if (p.contains("continue=")) {
            secondRequest.countDown();
          }
        };
    List<Boolean> overlapped = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();

    new PodPager(client)
        .stream(
            PodQuery.all().withPageSize(10),
            page -> {
              sizes.add(page.size());
              if (sizes.size() == 1) {
                try {
                  overlapped.add(secondRequest.await(5, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              }
            });

    assertThat(overlapped).containsExactly(true);
    assertThat(sizes).containsExactly(10, 10, 5);
  }

  @Test
  void expired_token_with_a_fresh_token_goes_on_with_it() {
    api.expireNext.set(1);
    api.freshTokenOn410 = true;

    List<List<String>> pages = pages(PodQuery.all().withPageSize(10));

    assertThat(flat(pages)).containsExactlyElementsOf(expected);
    assertThat(api.requests).hasSize(4);
    assertThat(api.requests.stream().filter(r -> !r.contains("continue"))).hasSize(1);
  }

  @Test
  void expired_token_without_a_fresh_token_restarts_and_skips_what_was_delivered() {
    api.expireNext.set(1);
    api.freshTokenOn410 = false;

    List<List<String>> pages = pages(PodQuery.all().withPageSize(10));

    assertThat(flat(pages)).containsExactlyElementsOf(expected).doesNotHaveDuplicates();
    assertThat(api.requests)
        .containsExactly(
            "/api/v1/pods?limit=10",
            "/api/v1/pods?limit=10&continue=k%3Adefault%2Fpod-18",
            "/api/v1/pods?limit=10",
            "/api/v1/pods?limit=10&continue=k%3Adefault%2Fpod-18",
            "/api/v1/pods?limit=10&continue=k%3Akube-system%2Fpod-13");
  }

  @Test
  void a_token_that_keeps_expiring_fails_with_a_clear_message() {
    api.expireNext.set(100);

    assertThatThrownBy(() -> pages(PodQuery.all().withPageSize(10)))
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessage(
            "cluster prod-eu: GET /api/v1/pods failed: the continue token expired 5 times in a"
                + " row (the list changes faster than it can be read); narrow it with a namespace"
                + " or selector");
  }

  @Test
  void a_server_that_ignores_limit_gives_one_page_of_everything() {
    api.ignoreLimit = true;

    List<List<String>> pages = pages(PodQuery.all().withPageSize(10));

    assertThat(pages).hasSize(1);
    assertThat(pages.get(0)).containsExactlyElementsOf(expected);
  }

  @Test
  void node_narrows_server_side_with_a_field_selector() {
    List<List<String>> pages = pages(PodQuery.all().onNode("n1").withLabelSelector("app=other"));

    assertThat(api.requests)
        .containsExactly(
            "/api/v1/pods?labelSelector=app%3Dother&fieldSelector=spec.nodeName%3Dn1&limit=500");
    assertThat(flat(pages))
        .containsExactly(
            "default/pod-04",
            "default/pod-10",
            "default/pod-16",
            "default/pod-22",
            "kube-system/pod-01",
            "kube-system/pod-07",
            "kube-system/pod-13",
            "kube-system/pod-19");
  }

  @Test
  void namespace_and_max_items_stop_early() {
    List<List<String>> pages =
        pages(PodQuery.all().inNamespace("kube-system").withPageSize(5).withMaxItems(7));

    assertThat(flat(pages))
        .containsExactly(
            "kube-system/pod-01",
            "kube-system/pod-03",
            "kube-system/pod-05",
            "kube-system/pod-07",
            "kube-system/pod-09",
            "kube-system/pod-11",
            "kube-system/pod-13");
    assertThat(api.requests).hasSize(2);
    assertThat(api.requests.get(0)).isEqualTo("/api/v1/namespaces/kube-system/pods?limit=5");
  }

  @Test
  void json_pods_are_the_servers_exact_bytes() {
    List<JsonItem> all = new ArrayList<>();
    long n = new PodPager(client).streamJson(PodQuery.all().withMaxItems(1), all::addAll);

    assertThat(n).isEqualTo(1);
    assertThat(all.get(0).key()).isEqualTo("default/pod-00");
    assertThat(all.get(0).toString()).isEqualTo(api.pods.get("default/pod-00").json());
  }
}
