package dev.knm.drain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.ErrorText;
import dev.knm.kube.model.JsonValues;
import dev.knm.kube.model.Pod;
import dev.knm.kube.model.PodDecoder;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeApiException;
import dev.knm.kube.transport.KubeIoException;
import dev.knm.kube.transport.KubeTimeoutException;
import dev.knm.kube.transport.WatchStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when evicted pods are gone, from a watch of the node's pods ({@code spec.nodeName} field
 * selector) instead of polling each pod every second as kubectl does: a wait ends as soon as the
 * DELETED event (or a replacement pod of the same name with a new uid) arrives. The watch starts
 * from the resourceVersion of a listing made before the first eviction, so no deletion is missed;
 * it reconnects from the last version it saw, and after a 410 (version too old) it starts anew and
 * checks every awaited pod with a GET.
 */
final class DeletionWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeletionWatcher.class);
  static final int WATCH_SECONDS = 300;

  /** How a wait ended. */
  record Outcome(boolean gone, String skipped) {
    static final Outcome GONE = new Outcome(true, null);
  }

  private record Waiter(PodRef pod, CompletableFuture<Outcome> done) {}

  private final ClusterClient client;
  private final String node;
  private final int skipWaitSeconds;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final Map<String, Waiter> waiters = new LinkedHashMap<>();
  private final Map<String, String> present = new HashMap<>(); // key -> uid
  private final Map<String, String> deletionTimestamps = new HashMap<>(); // uid -> time
  private final Set<String> deleted = new HashSet<>(); // uids
  private volatile boolean closed;
  private volatile WatchStream current;
  private volatile String resourceVersion;
  private Thread reader;
  private ScheduledFuture<?> skipCheck;

  DeletionWatcher(
      ClusterClient client,
      String node,
      int skipWaitSeconds,
      Clock clock,
      ScheduledExecutorService timer) {
    this.client = client;
    this.node = node;
    this.skipWaitSeconds = skipWaitSeconds;
    this.clock = clock;
    this.timer = timer;
  }

  /** Takes the starting version now (before any eviction) and starts watching. */
  void start() {
    resourceVersion = listVersion();
    reader = new Thread(this::run, "knm-watch-" + node);
    reader.setDaemon(true);
    reader.start();
    if (skipWaitSeconds > 0) {
      skipCheck =
          timer.scheduleWithFixedDelay(this::skipOldDeletions, 500, 500, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Completes when {@code pod} is gone or replaced (or, with --skip-wait-for-delete-timeout, has
   * been terminating too long). {@code verify}: also GET the pod once, for a pod whose deletion may
   * predate the watch (resumed drains, pods already terminating).
   */
  CompletableFuture<Outcome> await(PodRef pod, boolean verify) {
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    synchronized (this) {
      String now = present.get(pod.key());
      if (deleted.contains(pod.uid()) || now != null && !now.equals(pod.uid())) {
        done.complete(Outcome.GONE);
        return done;
      }
      waiters.put(pod.key(), new Waiter(pod, done));
    }
    if (verify) {
      check(pod);
    }
    return done;
  }

  /** One GET: gone or replaced completes the wait; else its deletionTimestamp is noted. */
  private void check(PodRef pod) {
    String path = "/api/v1/namespaces/" + pod.namespace() + "/pods/" + pod.name();
    try {
      Pod p = decode(client.get(path, Map.of(), client.tier().request(), true));
      seen(p);
    } catch (KubeApiException e) {
      if (e.code() == 404) {
        gone(pod.key(), pod.uid());
      }
    } catch (ClusterUnreachableException e) {
      LOG.info("cluster {}: cannot check pod {}: {}", client.cluster(), pod, ErrorText.of(e));
    }
  }

  static Pod decode(byte[] body) {
    try (JsonParser p = JsonValues.parser(body)) {
      p.nextToken();
      return PodDecoder.pod(p);
    } catch (IOException e) {
      throw new KubeIoException("GET", "pod", e);
    }
  }

  private synchronized void seen(Pod p) {
    if (p == null || p.uid() == null) {
      return;
    }
    present.put(p.key(), p.uid());
    if (p.deleting()) {
      deletionTimestamps.put(p.uid(), p.deletionTimestamp());
    }
    Waiter w = waiters.get(p.key());
    if (w != null && !w.pod().uid().equals(p.uid())) {
      waiters.remove(p.key());
      w.done().complete(Outcome.GONE); // replaced by a new pod of the same name
    }
  }

  private synchronized void gone(String key, String uid) {
    deleted.add(uid);
    if (uid.equals(present.get(key))) {
      present.remove(key);
    }
    Waiter w = waiters.get(key);
    if (w != null && w.pod().uid().equals(uid)) {
      waiters.remove(key);
      w.done().complete(Outcome.GONE);
    }
  }

  private void skipOldDeletions() {
    java.time.Instant now = clock.instant();
    synchronized (this) {
      for (var it = waiters.values().iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        String ts = deletionTimestamps.get(w.pod().uid());
        if (ts == null) {
          continue;
        }
        Pod probe = new Pod(new Pod.Meta(null, null, null, null, ts, null, null, null), null, null);
        if (DrainFilters.deletedLongerThan(probe, skipWaitSeconds, now)) {
          it.remove();
          w.done()
              .complete(
                  new Outcome(
                      false,
                      "pod \""
                          + w.pod().name()
                          + "\" has DeletionTimestamp older than "
                          + skipWaitSeconds
                          + " seconds, skipping"));
        }
      }
    }
  }

  private void run() {
    int failures = 0;
    boolean verifyAll = false;
    while (!closed) {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("watch", "true");
      q.put("fieldSelector", "spec.nodeName=" + node);
      q.put("allowWatchBookmarks", "true");
      q.put("timeoutSeconds", Integer.toString(WATCH_SECONDS));
      q.put("resourceVersion", resourceVersion);
      try (WatchStream w =
          client.watch("/api/v1/pods", q, Duration.ofSeconds(WATCH_SECONDS + 60))) {
        current = w;
        if (closed) {
          return;
        }
        if (verifyAll) {
          verifyAll = false;
          for (PodRef p : awaited()) {
            check(p);
          }
        }
        failures = 0;
        for (WatchStream.Event<WatchStream.ObjectJson> e = w.next(WatchStream.OBJECT_JSON);
            e != null && !closed;
            e = w.next(WatchStream.OBJECT_JSON)) {
          if (!handle(e)) {
            verifyAll = true; // 410: too old; start anew from a fresh version
            resourceVersion = listVersion();
            break;
          }
        }
      } catch (KubeApiException e) {
        if (e.code() == 410) {
          verifyAll = true;
          resourceVersion = safeListVersion();
        } else {
          failures = pause(failures, e);
        }
      } catch (KubeIoException | KubeTimeoutException | ClusterUnreachableException e) {
        failures = pause(failures, e);
      } catch (RuntimeException e) {
        failures = pause(failures, e);
      }
    }
  }

  private int pause(int failures, RuntimeException e) {
    if (closed) {
      return failures;
    }
    LOG.info("cluster {}: watch of node {}'s pods: {}", client.cluster(), node, ErrorText.of(e));
    try {
      Thread.sleep(Math.min(2000, 100L << Math.min(failures, 5)));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      closed = true;
    }
    return failures + 1;
  }

  private synchronized java.util.List<PodRef> awaited() {
    return waiters.values().stream().map(Waiter::pod).toList();
  }

  /** False for an ERROR event of 410 (the version is too old). */
  private boolean handle(WatchStream.Event<WatchStream.ObjectJson> e) {
    WatchStream.ObjectJson object = e.object();
    switch (e.type()) {
      case "ERROR" -> {
        if (e.code() == 410) {
          return false;
        }
        LOG.info(
            "cluster {}: watch error: {}",
            client.cluster(),
            ErrorText.line(e.status().message(), dev.knm.error.SecretScrubber.generic()));
        return true;
      }
      case "BOOKMARK" -> {}
      case "DELETED" -> {
        Pod p = object == null ? null : object.decode(PodDecoder::pod);
        if (p != null && p.uid() != null) {
          gone(p.key(), p.uid());
        }
      }
      default -> seen(object == null ? null : object.decode(PodDecoder::pod));
    }
    String rv = object == null ? null : object.resourceVersion();
    if (rv != null && !rv.isEmpty()) {
      resourceVersion = rv;
    }
    return true;
  }

  private String safeListVersion() {
    try {
      return listVersion();
    } catch (RuntimeException e) {
      return resourceVersion;
    }
  }

  /** The resourceVersion of a one-item listing of the node's pods: "now", as the server sees it. */
  private String listVersion() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("fieldSelector", "spec.nodeName=" + node);
    q.put("limit", "1");
    byte[] body = client.get("/api/v1/pods", q, client.tier().request(), true);
    try (JsonParser p = JsonValues.parser(body)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
          if ("metadata".equals(f) && p.currentToken() == JsonToken.START_OBJECT) {
            for (String m = JsonValues.nextField(p); m != null; m = JsonValues.nextField(p)) {
              if ("resourceVersion".equals(m)) {
                String rv = JsonValues.string(p);
                if (rv != null && !rv.isEmpty()) {
                  return rv;
                }
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
      }
    } catch (IOException e) {
      // fall through
    }
    throw new ClusterUnreachableException(
        client.cluster(),
        "cluster " + client.cluster() + ": GET /api/v1/pods returned no resourceVersion");
  }

  @Override
  public void close() {
    closed = true;
    if (skipCheck != null) {
      skipCheck.cancel(false);
    }
    WatchStream w = current;
    if (w != null) {
      // on its own thread: closing a TLS socket waits for the thread blocked reading it, which
      // may be until the server's next event or bookmark (seconds)
      Thread t = new Thread(w::close, "knm-watch-close");
      t.setDaemon(true);
      t.start();
    }
    if (reader != null) {
      reader.interrupt();
    }
  }
}
