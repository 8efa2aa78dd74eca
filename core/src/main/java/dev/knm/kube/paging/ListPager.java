package dev.knm.kube.paging;

import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.UsageException;
import dev.knm.kube.model.JsonItem;
import dev.knm.kube.model.Pod;
import dev.knm.kube.model.PodDecoder;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeApiException;
import dev.knm.kube.transport.KubeIoException;
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
 * consumer on the caller's thread while the next page is fetched on one background thread. The
 * background thread only fetches: the continue token is read from the leading {@code metadata} of
 * the raw page ({@link ContinueToken}), so the next page is asked for as soon as the caller takes a
 * page, before it is decoded; decoding happens on the caller's thread. In memory: the page being
 * decoded and consumed plus at most one raw page in flight or ready. Each page goes through the
 * read retry policy with its own timeout. An expired continue token (410 Gone) continues with the
 * fresh token the server offers, or else restarts the list and skips every key up to the last one
 * handed out (lists are ordered by key), so each item is delivered exactly once; after {@link
 * #MAX_RESTARTS} restarts the list fails. A server that ignores {@code limit} simply gives one
 * page. Errors surface in page order: a failed page is reported only after the pages before it were
 * consumed.
 */
public final class ListPager {
  private static final Logger LOG = LoggerFactory.getLogger(ListPager.class);
  public static final int MAX_RESTARTS = 5;

  /** How items are decoded (streamed off the page, jackson-core only) and keyed. */
  public record ItemType<T>(ItemDecoder<T> decoder, Function<T, String> key, String accept) {
    /** Items of a plain list (application/json). */
    public ItemType(ItemDecoder<T> decoder, Function<T, String> key) {
      this(decoder, key, ClusterClient.JSON_MEDIA_TYPE);
    }
  }

  public static final ItemType<Pod> POD = new ItemType<>((p, page) -> PodDecoder.pod(p), Pod::key);

  /** Full pods as their exact JSON bytes (every field kept, for json/ndjson/yaml output). */
  public static final ItemType<JsonItem> POD_JSON = new ItemType<>(JsonItem::decode, JsonItem::key);

  /**
   * What the background thread hands over: a page's raw body and its peeked continue token, or the
   * 410 {@code expired} when the token expired and the server offered no fresh one (the caller
   * restarts the list: only it knows the last key delivered).
   */
  private record RawPage(byte[] body, ContinueToken.Peek next, KubeApiException expired) {}

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
    return list(path, query, pageSize, maxItems, pageTimeout, itemType, consumer).delivered();
  }

  /**
   * What a whole listing gave: how many items, and the {@code resourceVersion} of its first page,
   * the version the list is a snapshot of (an informer watches from it; null when the server sent
   * none). After a restart (expired token, no fresh one) it is still the first page's: a watch from
   * it replays every change since, including those to items listed before the restart.
   */
  public record Listed(long delivered, String resourceVersion) {}

  /** As {@link #stream}, returning the list's resourceVersion with the count. */
  public <T> Listed list(
      String path,
      Map<String, String> query,
      int pageSize,
      long maxItems,
      Duration pageTimeout,
      ItemType<T> itemType,
      Consumer<List<T>> consumer) {
    int limit = maxItems > 0 && maxItems < pageSize ? (int) maxItems : pageSize;
    ExecutorService fetcher =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "knm-prefetch-" + client.cluster());
              t.setDaemon(true);
              return t;
            });
    // the GET of the page after a token (null: the first page), on the fetcher thread
    Function<String, Future<RawPage>> ask =
        token ->
            fetcher.submit(() -> fetch(path, query, itemType.accept(), limit, pageTimeout, token));
    Future<RawPage> next = ask.apply(null);
    try {
      long delivered = 0;
      String listRv = null;
      boolean first = true;
      String lastKey = null;
      String skipUpTo = null; // after a restart: the last key delivered before it
      int restarts = 0;
      while (next != null) {
        RawPage raw = await(next);
        next = null;
        if (raw.expired() != null) {
          restarts = restart(path, restarts, lastKey, raw.expired());
          skipUpTo = lastKey;
          next = ask.apply(null);
          continue;
        }
        // ask for the next page before decoding this one, unless this one may be the last needed
        String peeked = raw.next().token();
        if (peeked != null && (maxItems == 0 || delivered + limit < maxItems)) {
          next = ask.apply(peeked);
        }
        ListPage<T> page = parse(path, raw.body(), itemType.decoder());
        if (first) {
          listRv = page.resourceVersion();
          first = false;
        }
        List<T> items = page.items();
        if (skipUpTo != null) {
          items = after(items, skipUpTo, itemType.key());
          skipUpTo = items.isEmpty() ? skipUpTo : null;
        }
        if (maxItems > 0 && delivered + items.size() > maxItems) {
          items = items.subList(0, (int) (maxItems - delivered));
        }
        if (!items.isEmpty()) {
          lastKey = itemType.key().apply(items.get(items.size() - 1));
        }
        String token = raw.next().known() ? peeked : page.next();
        if (next == null
            && token != null
            && (maxItems == 0 || delivered + items.size() < maxItems)) {
          next = ask.apply(token);
        }
        if (!items.isEmpty()) {
          consumer.accept(items);
          delivered += items.size();
        }
      }
      return new Listed(delivered, listRv);
    } finally {
      if (next != null) {
        next.cancel(true); // the caller failed or stopped: no one will read this page
      }
      fetcher.shutdownNow();
    }
  }

  /** Counts a restart after an expired token; fails past {@link #MAX_RESTARTS}. */
  private int restart(String path, int restarts, String lastKey, KubeApiException gone) {
    int n = restarts + 1;
    if (n > MAX_RESTARTS) {
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
          gone);
    }
    LOG.info(
        "cluster {}: continue token for {} expired; restarting the list after {} (restart {}/{})",
        client.cluster(),
        path,
        lastKey,
        n,
        MAX_RESTARTS);
    return n;
  }

  private static <T> List<T> after(List<T> items, String key, Function<T, String> keyOf) {
    List<T> kept = new ArrayList<>(items.size());
    for (T item : items) {
      if (keyOf.apply(item).compareTo(key) > 0) {
        kept.add(item);
      }
    }
    return kept;
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

  /**
   * On the background thread: one raw page after {@code token} (null = first), going on with the
   * server's fresh token when the token expired and it offers one.
   */
  private RawPage fetch(
      String path,
      Map<String, String> query,
      String accept,
      int limit,
      Duration timeout,
      String token) {
    String tok = token;
    while (true) {
      Map<String, String> q = new LinkedHashMap<>(query);
      q.put("limit", Integer.toString(limit));
      if (tok != null) {
        q.put("continue", tok);
      }
      byte[] body;
      try {
        body = client.get(path, q, accept, timeout, true);
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
          return new RawPage(null, null, e);
        }
        throw map(path, e);
      }
      return new RawPage(body, ContinueToken.peek(body), null);
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
