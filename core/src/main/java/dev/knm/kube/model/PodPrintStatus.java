package dev.knm.kube.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * READY, STATUS and RESTARTS of a pod as kubectl get pods computes them (printPod in
 * k8s.io/kubernetes pkg/printers/internalversion): {@code ready}/{@code total} containers, the
 * reason shown as STATUS, the restarts and when the last one happened (null when unknown). The cli
 * formats them.
 */
public record PodPrintStatus(
    int ready, int total, String reason, int restarts, Instant lastRestart) {

  public static PodPrintStatus of(Pod pod) {
    Pod.Status st =
        pod.status() == null ? new Pod.Status(null, null, null, null, null, null) : pod.status();
    Pod.Spec spec = pod.spec();
    int total = spec == null || spec.containers() == null ? 0 : spec.containers().size();
    int ready = 0;
    int restarts = 0;
    Instant lastRestart = null;
    String reason = st.phase() == null ? "" : st.phase();
    if (st.reason() != null && !st.reason().isEmpty()) {
      reason = st.reason();
    }
    boolean initializing = false;
    List<Pod.ContainerStatus> inits =
        st.initContainerStatuses() == null ? List.of() : st.initContainerStatuses();
    int initSpecs =
        spec == null || spec.initContainers() == null ? 0 : spec.initContainers().size();
    for (int i = 0; i < inits.size(); i++) {
      Pod.ContainerStatus c = inits.get(i);
      if (c == null) {
        continue;
      }
      restarts += c.restartCount() == null ? 0 : c.restartCount();
      lastRestart = later(lastRestart, c);
      Pod.State s = c.state() == null ? new Pod.State(null, null, null) : c.state();
      Pod.Terminated t = s.terminated();
      if (t != null && (t.exitCode() == null || t.exitCode() == 0)) {
        continue;
      }
      if (t != null) {
        if (t.reason() == null || t.reason().isEmpty()) {
          reason =
              t.signal() != null && t.signal() != 0
                  ? "Init:Signal:" + t.signal()
                  : "Init:ExitCode:" + t.exitCode();
        } else {
          reason = "Init:" + t.reason();
        }
      } else if (s.waiting() != null
          && s.waiting().reason() != null
          && !s.waiting().reason().isEmpty()
          && !"PodInitializing".equals(s.waiting().reason())) {
        reason = "Init:" + s.waiting().reason();
      } else {
        reason = "Init:" + i + "/" + initSpecs;
      }
      initializing = true;
      break;
    }
    if (!initializing) {
      restarts = 0;
      lastRestart = null;
      boolean hasRunning = false;
      List<Pod.ContainerStatus> cs =
          st.containerStatuses() == null ? List.of() : st.containerStatuses();
      for (int i = cs.size() - 1; i >= 0; i--) {
        Pod.ContainerStatus c = cs.get(i);
        if (c == null) {
          continue;
        }
        restarts += c.restartCount() == null ? 0 : c.restartCount();
        lastRestart = later(lastRestart, c);
        Pod.State s = c.state() == null ? new Pod.State(null, null, null) : c.state();
        if (s.waiting() != null
            && s.waiting().reason() != null
            && !s.waiting().reason().isEmpty()) {
          reason = s.waiting().reason();
        } else if (s.terminated() != null
            && s.terminated().reason() != null
            && !s.terminated().reason().isEmpty()) {
          reason = s.terminated().reason();
        } else if (s.terminated() != null) {
          Pod.Terminated t = s.terminated();
          reason =
              t.signal() != null && t.signal() != 0
                  ? "Signal:" + t.signal()
                  : "ExitCode:" + t.exitCode();
        } else if (Boolean.TRUE.equals(c.ready()) && s.running() != null) {
          hasRunning = true;
          ready++;
        }
      }
      if ("Completed".equals(reason) && hasRunning) {
        reason = podReady(st) ? "Running" : "NotReady";
      }
    }
    if (pod.deleting()) {
      reason = "NodeLost".equals(st.reason()) ? "Unknown" : "Terminating";
    }
    return new PodPrintStatus(ready, total, reason, restarts, lastRestart);
  }

  private static boolean podReady(Pod.Status st) {
    if (st.conditions() == null) {
      return false;
    }
    for (Pod.Condition c : st.conditions()) {
      if (c != null && "Ready".equals(c.type()) && "True".equals(c.status())) {
        return true;
      }
    }
    return false;
  }

  private static Instant later(Instant current, Pod.ContainerStatus c) {
    if (c.lastState() == null
        || c.lastState().terminated() == null
        || c.lastState().terminated().finishedAt() == null) {
      return current;
    }
    try {
      Instant t = Instant.parse(c.lastState().terminated().finishedAt());
      return current == null || t.isAfter(current) ? t : current;
    } catch (DateTimeParseException e) {
      return current;
    }
  }
}
