package dev.knm.kube.transport;

import java.time.Duration;

/**
 * Told of every API call a {@link ClusterClient} makes (each attempt of a GET; a watch when its
 * headers arrive), for metrics. Called on the caller's thread: quick, and never throwing.
 */
@FunctionalInterface
public interface CallObserver {
  /** The status of a call that got no HTTP answer: an I/O error. */
  int IO_ERROR = 0;

  /** The status of a call that timed out. */
  int TIMED_OUT = -1;

  /**
   * @param verb {@code get} or {@code watch}
   * @param status the HTTP status, {@link #IO_ERROR} or {@link #TIMED_OUT}
   */
  void call(String cluster, String verb, Duration took, int status);

  CallObserver NONE = (cluster, verb, took, status) -> {};
}
