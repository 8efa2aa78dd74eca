package dev.knm.kube.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** kubectl get pods' READY, STATUS and RESTARTS rules (printPod). */
class PodPrintStatusTest {
  private static PodPrintStatus of(String json) throws IOException {
    return PodPrintStatus.of(PodDecoderTest.decode(json));
  }

  @Test
  void a_failing_init_container_shows_its_reason_and_its_restarts() throws IOException {
    assertThat(of(PodDecoderTest.CRASHING))
        .isEqualTo(
            new PodPrintStatus(0, 1, "Init:Error", 4, Instant.parse("2026-11-21T08:00:00Z")));
  }

  @Test
  void running_ready_containers_count_and_the_last_restart_is_the_latest() throws IOException {
    String json =
        "{\"spec\":{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]},\"status\":{"
            + "\"phase\":\"Running\",\"containerStatuses\":["
            + "{\"name\":\"a\",\"ready\":true,\"restartCount\":2,\"state\":{\"running\":{}},"
            + "\"lastState\":{\"terminated\":{\"finishedAt\":\"2026-11-21T08:00:00Z\"}}},"
            + "{\"name\":\"b\",\"ready\":true,\"restartCount\":1,\"state\":{\"running\":{}},"
            + "\"lastState\":{\"terminated\":{\"finishedAt\":\"2026-11-21T09:00:00Z\"}}}]}}";

    assertThat(of(json))
        .isEqualTo(new PodPrintStatus(2, 2, "Running", 3, Instant.parse("2026-11-21T09:00:00Z")));
  }

  @Test
  void waiting_and_terminated_reasons_and_exit_codes() throws IOException {
    assertThat(
            of(
                "{\"spec\":{\"containers\":[{}]},\"status\":{\"phase\":\"Running\","
                    + "\"containerStatuses\":[{\"state\":{\"waiting\":"
                    + "{\"reason\":\"CrashLoopBackOff\"}}}]}}"))
        .isEqualTo(new PodPrintStatus(0, 1, "CrashLoopBackOff", 0, null));
    assertThat(
            of(
                "{\"status\":{\"phase\":\"Failed\",\"containerStatuses\":[{\"state\":"
                    + "{\"terminated\":{\"exitCode\":137,\"signal\":9}}}]}}"))
        .isEqualTo(new PodPrintStatus(0, 0, "Signal:9", 0, null));
    assertThat(
            of(
                "{\"status\":{\"phase\":\"Failed\",\"containerStatuses\":[{\"state\":"
                    + "{\"terminated\":{\"exitCode\":3}}}]}}"))
        .isEqualTo(new PodPrintStatus(0, 0, "ExitCode:3", 0, null));
  }

  @Test
  void completed_with_a_running_container_is_running_or_not_ready() throws IOException {
    String pod =
        "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\","
            + "\"status\":\"%s\"}],\"containerStatuses\":["
            + "{\"ready\":true,\"state\":{\"running\":{}}},"
            + "{\"state\":{\"terminated\":{\"reason\":\"Completed\",\"exitCode\":0}}}]}}";

    assertThat(of(pod.formatted("True")).reason()).isEqualTo("Running");
    assertThat(of(pod.formatted("False")).reason()).isEqualTo("NotReady");
  }

  @Test
  void a_pod_being_deleted_is_terminating_or_unknown_when_its_node_is_lost() throws IOException {
    String deleting =
        "{\"metadata\":{\"deletionTimestamp\":\"2026-11-21T00:00:00Z\"},"
            + "\"spec\":{\"containers\":[null,{}]},\"status\":{\"reason\":%s}}";

    assertThat(of(deleting.formatted("null")))
        .isEqualTo(new PodPrintStatus(0, 2, "Terminating", 0, null));
    assertThat(of(deleting.formatted("\"NodeLost\"")).reason()).isEqualTo("Unknown");
  }

  @Test
  void null_statuses_in_the_lists_are_passed_over() throws IOException {
    assertThat(
            of(
                "{\"status\":{\"phase\":\"Pending\",\"initContainerStatuses\":[null],"
                    + "\"containerStatuses\":[null]}}"))
        .isEqualTo(new PodPrintStatus(0, 0, "Pending", 0, null));
  }
}
