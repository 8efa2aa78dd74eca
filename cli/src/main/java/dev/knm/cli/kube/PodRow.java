package dev.knm.cli.kube;

import dev.knm.cli.render.Ages;
import dev.knm.kube.paging.ListPager;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What a pod table row needs, streamed from the list JSON by {@link PodRowDecoder} (no
 * managedFields, env, volumes), and kubectl's rules for READY, STATUS and RESTARTS (kubectl get
 * pods, printPod).
 */
record PodRow(Meta metadata, Spec spec, Status status) {
  static final ListPager.ItemType<PodRow> TYPE =
      new ListPager.ItemType<>((p, page) -> PodRowDecoder.pod(p), PodRow::key);

  record Meta(String namespace, String name, String creationTimestamp, String deletionTimestamp) {}

  record Spec(String nodeName, List<Named> containers, List<Named> initContainers) {}

  record Named(String name) {}

  record Status(
      String phase,
      String reason,
      String podIP,
      List<Condition> conditions,
      List<ContainerStatus> initContainerStatuses,
      List<ContainerStatus> containerStatuses) {}

  record Condition(String type, String status) {}

  record ContainerStatus(
      String name, Boolean ready, Integer restartCount, State state, State lastState) {}

  record State(Waiting waiting, Running running, Terminated terminated) {}

  record Waiting(String reason) {}

  record Running(String startedAt) {}

  record Terminated(String reason, Integer exitCode, Integer signal, String finishedAt) {}

  String namespace() {
    return metadata == null ? null : metadata.namespace();
  }

  String name() {
    return metadata == null ? null : metadata.name();
  }

  /** namespace/name: the order the API server lists in. */
  String key() {
    return namespace() + "/" + name();
  }

  String nodeName() {
    return spec == null || spec.nodeName() == null || spec.nodeName().isEmpty()
        ? "<none>"
        : spec.nodeName();
  }

  String ip() {
    return status == null || status.podIP() == null || status.podIP().isEmpty()
        ? "<none>"
        : status.podIP();
  }

  String age(Instant now) {
    return Ages.since(metadata == null ? null : metadata.creationTimestamp(), now);
  }

  /** READY, STATUS, RESTARTS as kubectl prints them. */
  String[] readyStatusRestarts(Instant now) {
    Status st = status == null ? new Status(null, null, null, null, null, null) : status;
    int total = spec == null || spec.containers() == null ? 0 : spec.containers().size();
    int ready = 0;
    int restarts = 0;
    Instant lastRestart = null;
    String reason = st.phase() == null ? "" : st.phase();
    if (st.reason() != null && !st.reason().isEmpty()) {
      reason = st.reason();
    }
    boolean initializing = false;
    List<ContainerStatus> inits =
        st.initContainerStatuses() == null ? List.of() : st.initContainerStatuses();
    int initSpecs =
        spec == null || spec.initContainers() == null ? 0 : spec.initContainers().size();
    for (int i = 0; i < inits.size(); i++) {
      ContainerStatus c = inits.get(i);
      restarts += c.restartCount() == null ? 0 : c.restartCount();
      lastRestart = later(lastRestart, c);
      State s = c.state() == null ? new State(null, null, null) : c.state();
      Terminated t = s.terminated();
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
      List<ContainerStatus> cs =
          st.containerStatuses() == null ? List.of() : st.containerStatuses();
      for (int i = cs.size() - 1; i >= 0; i--) {
        ContainerStatus c = cs.get(i);
        restarts += c.restartCount() == null ? 0 : c.restartCount();
        lastRestart = later(lastRestart, c);
        State s = c.state() == null ? new State(null, null, null) : c.state();
        if (s.waiting() != null
            && s.waiting().reason() != null
            && !s.waiting().reason().isEmpty()) {
          reason = s.waiting().reason();
        } else if (s.terminated() != null
            && s.terminated().reason() != null
            && !s.terminated().reason().isEmpty()) {
          reason = s.terminated().reason();
        } else if (s.terminated() != null) {
          Terminated t = s.terminated();
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
    String deletion = metadata == null ? null : metadata.deletionTimestamp();
    if (deletion != null && !deletion.isEmpty()) {
      reason = "NodeLost".equals(st.reason()) ? "Unknown" : "Terminating";
    }
    String restartText = Integer.toString(restarts);
    if (restarts != 0 && lastRestart != null) {
      restartText += " (" + Ages.since(lastRestart, now) + " ago)";
    }
    return new String[] {ready + "/" + total, reason, restartText};
  }

  private static boolean podReady(Status st) {
    if (st.conditions() == null) {
      return false;
    }
    for (Condition c : st.conditions()) {
      if ("Ready".equals(c.type()) && "True".equals(c.status())) {
        return true;
      }
    }
    return false;
  }

  private static Instant later(Instant current, ContainerStatus c) {
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
