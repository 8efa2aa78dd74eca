package dev.knm.fleet;

import dev.knm.error.ErrorText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Sends {@code POST /api/v1/internal/clusters/NAME/reload} to many instances with a sliding window:
 * at most {@code concurrency} requests in flight, the next one sent as soon as any finishes, each
 * bounded by the per-request timeout. A peer that accepts the connection and never answers holds
 * one slot for the timeout and nothing else; the whole broadcast takes about one timeout when fewer
 * peers than {@code concurrency} are silent (the seed design's batches of ten wait for their
 * slowest member, batch after batch).
 */
public final class ReloadBroadcaster {
  /** How requests are scheduled. */
  public enum Schedule {
    /** knm's: a slot frees, the next request goes. */
    SLIDING_WINDOW,
    /**
     * The seed design's, kept for the benchmark's comparison only: {@code concurrency} requests,
     * then wait for all of them, then the next batch.
     */
    FIXED_BATCHES
  }

  /**
   * @param timeout per request, connection included
   * @param concurrency requests in flight at most
   * @param token the bearer token sent to every instance, or null
   * @param tls the trust for HTTPS instances, or null for plain HTTP
   */
  public record Options(
      Duration timeout, int concurrency, char[] token, SSLContext tls, Schedule schedule) {
    public Options {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1");
      }
    }

    public Options(Duration timeout, int concurrency, char[] token, SSLContext tls) {
      this(timeout, concurrency, token, tls, Schedule.SLIDING_WINDOW);
    }

    @Override
    public String toString() {
      return "Options[timeout=" + timeout + ", concurrency=" + concurrency + "]"; // no token
    }
  }

  /** Told of each result as it arrives (log lines), from the broadcaster's threads. */
  @FunctionalInterface
  public interface Listener {
    void finished(InstanceResult result);

    Listener NONE = r -> {};
  }

  /** The path of an instance's reload endpoint for {@code cluster}. */
  public static String reloadPath(String cluster) {
    return "/api/v1/internal/clusters/" + cluster + "/reload";
  }

  private final Options options;

  public ReloadBroadcaster(Options options) {
    this.options = options;
  }

  /** Asks every instance to reload {@code cluster}; never throws for an instance's failure. */
  public BroadcastReport broadcast(
      String cluster, List<InstanceAddress> instances, Listener listener) {
    long start = System.nanoTime();
    if (instances.isEmpty()) {
      return new BroadcastReport(cluster, List.of(), Duration.ZERO);
    }
    int window = Math.min(options.concurrency(), instances.size());
    ExecutorService executor = Executors.newCachedThreadPool(daemon());
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(options.timeout())
            .executor(executor);
    if (options.tls() != null) {
      builder.sslContext(options.tls());
    }
    HttpClient client = builder.build();
    String scheme = options.tls() != null ? "https" : "http";
    Semaphore slots = new Semaphore(window);
    List<CompletableFuture<InstanceResult>> futures = new ArrayList<>(instances.size());
    try {
      for (int i = 0; i < instances.size(); i++) {
        if (options.schedule() == Schedule.FIXED_BATCHES && i > 0 && i % window == 0) {
          CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        }
        slots.acquire();
        InstanceAddress address = instances.get(i);
        CompletableFuture<InstanceResult> f =
            send(client, scheme, address, cluster)
                .whenComplete(
                    (r, e) -> {
                      slots.release();
                      if (r != null) {
                        listener.finished(r);
                      }
                    });
        futures.add(f);
      }
      List<InstanceResult> results = new ArrayList<>(futures.size());
      for (CompletableFuture<InstanceResult> f : futures) {
        results.add(f.join());
      }
      return new BroadcastReport(cluster, results, Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      futures.forEach(f -> f.cancel(true));
      throw new CompletionException(e);
    } finally {
      executor.shutdownNow();
    }
  }

  private CompletableFuture<InstanceResult> send(
      HttpClient client, String scheme, InstanceAddress address, String cluster) {
    long t0 = System.nanoTime();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(address.uri(scheme, reloadPath(cluster)))
            .timeout(options.timeout())
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.noBody());
    if (options.token() != null) {
      request.header("Authorization", "Bearer " + new String(options.token()));
    }
    CompletableFuture<InstanceResult> result;
    try {
      result =
          client
              .sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
              // a hard cap over the whole exchange (body included), whatever the client does
              .orTimeout(options.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
              .handle((response, error) -> result(address, response, error, t0));
    } catch (RuntimeException e) {
      result = CompletableFuture.completedFuture(result(address, null, e, t0));
    }
    return result;
  }

  private InstanceResult result(
      InstanceAddress address, HttpResponse<byte[]> response, Throwable error, long t0) {
    Duration time = Duration.ofNanos(System.nanoTime() - t0);
    if (error != null) {
      return new InstanceResult(address, null, null, reason(error), time);
    }
    ReloadReply reply;
    try {
      reply = ReloadReply.parse(response.body());
    } catch (IOException | RuntimeException e) {
      reply = null;
    }
    // the peer's own words (another knm, which scrubbed them): one line that cannot drive a
    // terminal
    String instance = reply == null || reply.instance() == null ? null : peerText(reply.instance());
    if (response.statusCode() == 200 && reply != null && reply.action() != null) {
      return new InstanceResult(address, instance, reply.action(), null, time);
    }
    String detail =
        reply != null && reply.error() != null ? peerText(reply.error()) : "no reply body";
    return new InstanceResult(
        address, instance, null, "HTTP " + response.statusCode() + ": " + detail, time);
  }

  private String reason(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof TimeoutException
        || e instanceof HttpTimeoutException
        || e instanceof HttpConnectTimeoutException) {
      return "timed out after " + seconds(options.timeout());
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof javax.net.ssl.SSLException) {
      return "TLS: " + ErrorText.of(e);
    }
    return ErrorText.of(e);
  }

  private static String peerText(String s) {
    return ErrorText.printable(s.lines().findFirst().orElse("").strip());
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "knm-broadcast");
      t.setDaemon(true);
      return t;
    };
  }
}
