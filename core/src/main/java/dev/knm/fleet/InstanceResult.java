package dev.knm.fleet;

import java.time.Duration;

/**
 * One instance's answer to a broadcast reload.
 *
 * @param address where it was reached
 * @param instance its identity from the reply, or null when it did not answer
 * @param action what it did (started, restarted, ...) when ok, else null
 * @param failure why it failed (one line: "connection refused", "timed out after 5s", "HTTP 401:
 *     ..."), else null
 * @param time from sending to the answer or the failure
 */
public record InstanceResult(
    InstanceAddress address, String instance, String action, String failure, Duration time) {
  public boolean ok() {
    return failure == null;
  }
}
