package dev.knm.kube.transport;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Requests through fabric8's HTTP client (its auth interceptors: exec plugins, auth providers,
 * token refresh; its TLS and proxy set-up), for the kubeconfigs the lean transport does not serve
 * (see {@link ClusterConnection#fabric8Reasons()}). Sends exactly what knm sent before the lean
 * path: no Accept-Encoding; a gzip body is still decoded should a server send one.
 */
final class Fabric8ApiTransport implements ApiTransport {
  private final HttpClient http;

  /** Builds the fabric8 client now (it is this transport's whole point). */
  Fabric8ApiTransport(LazyKubernetesClient kubernetes) {
    this.http = kubernetes.get().getHttpClient();
  }

  @Override
  public CompletableFuture<Response> get(URI uri, Map<String, String> headers, Duration timeout) {
    HttpRequest.Builder b =
        http.newHttpRequestBuilder().uri(uri).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    headers.forEach(b::header);
    return http.sendAsync(b.build(), byte[].class).thenApply(Fabric8ApiTransport::response);
  }

  @Override
  public CompletableFuture<Response> send(
      String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
    HttpRequest.Builder b =
        http.newHttpRequestBuilder().uri(uri).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    headers.forEach(b::header);
    String type = headers.getOrDefault("Content-Type", "application/json");
    if (body == null) {
      b.method(method, type, new ByteArrayInputStream(new byte[0]), 0L);
    } else {
      b.method(method, type, new ByteArrayInputStream(body), (long) body.length);
    }
    return http.sendAsync(b.build(), byte[].class).thenApply(Fabric8ApiTransport::response);
  }

  @Override
  public boolean supportsPatch() {
    return true;
  }

  @Override
  public CompletableFuture<Stream> open(
      URI uri, Map<String, String> headers, Duration readTimeout) {
    // fabric8's client has no idle timeout on a body: readTimeout is not applied; the caller
    // bounds the wait for the headers
    HttpRequest.Builder b = http.newHttpRequestBuilder().uri(uri).forStreaming();
    headers.forEach(b::header);
    return http.sendAsync(b.build(), InputStream.class).thenApply(Fabric8ApiTransport::stream);
  }

  private static Stream stream(HttpResponse<InputStream> r) {
    InputStream raw = r.body() == null ? InputStream.nullInputStream() : r.body();
    String enc = r.header("Content-Encoding");
    InputStream body;
    try {
      body =
          enc != null && enc.trim().equalsIgnoreCase("gzip") ? new GZIPInputStream(raw, 8192) : raw;
    } catch (IOException e) {
      close(raw);
      throw new CompletionException(e);
    }
    return new Stream(r.code(), r.headers(), body, () -> close(raw));
  }

  /** Closing the body drops the connection; a read blocked on it in another thread then ends. */
  private static void close(InputStream raw) {
    try {
      raw.close();
    } catch (IOException ignored) {
      // dropping it anyway
    }
  }

  private static Response response(HttpResponse<byte[]> r) {
    try {
      return new Response(
          r.code(), r.headers(), GzipBody.decode(r.header("Content-Encoding"), r.body()));
    } catch (IOException e) {
      throw new CompletionException(e);
    }
  }

  /** The fabric8 client is {@link LazyKubernetesClient}'s: ClusterClient closes it there. */
  @Override
  public void close() {
    // nothing of its own
  }
}
