package dev.knm.kube;

import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.UsageException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists any collection page by page ({@code limit} + {@code continue}), handing each page to a
 * consumer on the caller's thread while the next page is fetched on one background thread: at most
 * the page in hand and the page in flight are in memory. Each page goes through the read retry
 * policy with its own timeout. An expired continue token (410 Gone) continues with the fresh token
 * the server offers, or else restarts the list and skips every key up to the last one handed out
 * (lists are ordered by key), so each item is delivered exactly once; after {@link #MAX_RESTARTS}
 * restarts the list fails. A server that ignores {@code limit} simply gives one page.
 */
public final class ListPager {
  private static final Logger LOG = LoggerFactory.getLogger(ListPager.class);
  public static final int MAX_RESTARTS = 5;

  /** How items are decoded (streamed off the page, jackson-core only) and keyed. */
  public record ItemType<T>(ItemDecoder<T> decoder, Function<T, String> key) {}

  public static final ItemType<PodSummary> POD_SUMMARY =
      new ItemType<>((p, page) -> PodSummaryDecoder.pod(p), PodSummary::key);

  /** Full pods as their exact JSON bytes (every field kept, for json/ndjson/yaml output). */
  public static final ItemType<JsonItem> POD_JSON = new ItemType<>(JsonItem::decode, JsonItem::key);

  private final ClusterClient client;

  public ListPager(ClusterClient client) {
    this.client = client;
  }

  /**
   * Streams every matching item to {@code consumer}, one non-empty page at a time, in server order.
   *
   * @param query label/field selectors etc., without limit/continue
   * @param maxItems stop after this many items (0 = all)
   * @return how many items were delivered
   */
  public <T> long stream(
      String path,
      Map<String, String> query,
      int pageSize,
      long maxItems,
      Duration pageTimeout,
      ItemType<T> itemType,
      Consumer<List<T>> consumer) {
    int limit = maxItems > 0 && maxItems < pageSize ? (int) maxItems : pageSize;
    int[] restarts = {0};
    ExecutorService prefetch =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "knm-prefetch-" + client.cluster());
              t.setDaemon(true);
              return t;
            });
    try {
      Future<ListPage<T>> next =
          prefetch.submit(
              () -> fetch(path, query, limit, pageTimeout, itemType, null, null, restarts));
      long delivered = 0;
      String lastKey = null;
      while (next != null) {
        ListPage<T> page = await(next);
        List<T> items = page.items();
        if (maxItems > 0 && delivered + items.size() > maxItems) {
          items = items.subList(0, (int) (maxItems - delivered));
        }
        if (!items.isEmpty()) {
          lastKey = itemType.key().apply(items.get(items.size() - 1));
        }
        boolean more =
            page.next() != null && (maxItems == 0 || delivered + items.size() < maxItems);
        if (more) {
          String token = page.next();
          String after = lastKey;
          next =
              prefetch.submit(
                  () -> fetch(path, query, limit, pageTimeout, itemType, token, after, restarts));
        } else {
          next = null;
        }
        if (!items.isEmpty()) {
          try {
            consumer.accept(items);
          } catch (RuntimeException e) {
            if (next != null) {
              next.cancel(true);
            }
            throw e;
          }
          delivered += items.size();
        }
      }
      return delivered;
    } finally {
      prefetch.shutdownNow();
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** One page after {@code token} (null = first), skipping keys ≤ {@code after} after a restart. */
  private <T> ListPage<T> fetch(
      String path,
      Map<String, String> query,
      int limit,
      Duration timeout,
      ItemType<T> itemType,
      String token,
      String after,
      int[] restarts) {
    String tok = token;
    boolean skipping = false;
    while (true) {
      Map<String, String> q = new LinkedHashMap<>(query);
      q.put("limit", Integer.toString(limit));
      if (tok != null) {
        q.put("continue", tok);
      }
      byte[] body;
      try {
        body = client.get(path, q, timeout, true);
      } catch (KubeApiException e) {
        if (e.code() == 410 && tok != null) {
          if (e.freshContinue().isPresent()) {
            LOG.info(
                "cluster {}: continue token for {} expired; going on with the server's fresh token",
                client.cluster(),
                path);
            tok = e.freshContinue().get();
            continue;
          }
          if (++restarts[0] > MAX_RESTARTS) {
            throw new ClusterUnreachableException(
                client.cluster(),
                "cluster "
                    + client.cluster()
                    + ": GET "
                    + path
                    + " failed: the continue token expired "
                    + MAX_RESTARTS
                    + " times in a row (the list changes faster than it can be read);"
                    + " narrow it with a namespace or selector",
                e);
          }
          LOG.info(
              "cluster {}: continue token for {} expired; restarting the list after {} (restart"
                  + " {}/{})",
              client.cluster(),
              path,
              after,
              restarts[0],
              MAX_RESTARTS);
          tok = null;
          skipping = after != null;
          continue;
        }
        throw map(path, e);
      }
      ListPage<T> page = parse(path, body, itemType.decoder());
      if (!skipping) {
        return page;
      }
      List<T> kept = new ArrayList<>(page.items().size());
      for (T item : page.items()) {
        if (itemType.key().apply(item).compareTo(after) > 0) {
          kept.add(item);
        }
      }
      if (kept.isEmpty() && page.next() != null) {
        tok = page.next();
        continue;
      }
      return new ListPage<>(kept, page.next());
    }
  }

  private RuntimeException map(String path, KubeApiException e) {
    if (e.code() == 400) {
      return new UsageException(
          "cluster "
              + client.cluster()
              + ": GET "
              + path
              + " rejected the request: "
              + KubeIoException.oneLine(e.getMessage()));
    }
    return client.unreachable("GET", path, e, 0);
  }

  private <T> ListPage<T> parse(String path, byte[] body, ItemDecoder<T> decoder) {
    try {
      return ListPage.decode(body, decoder);
    } catch (IOException e) {
      throw new ClusterUnreachableException(
          client.cluster(),
          "cluster " + client.cluster() + ": GET " + path + " returned a list that is not JSON",
          e);
    }
  }
}
