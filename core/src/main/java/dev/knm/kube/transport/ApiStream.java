package dev.knm.kube.transport;

import java.io.InputStream;

/**
 * A GET whose body is read as it arrives (a watch), from {@link ClusterClient#stream}. {@link
 * #close()} drops the connection and may be called from another thread to end a blocked read.
 */
public final class ApiStream implements AutoCloseable {
  private final ApiTransport.Streaming streaming;

  ApiStream(ApiTransport.Streaming streaming) {
    this.streaming = streaming;
  }

  /** The body; a read that waits longer than the stream's idle timeout fails. */
  public InputStream body() {
    return streaming.body();
  }

  @Override
  public void close() {
    streaming.close();
  }
}
