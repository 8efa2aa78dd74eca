package dev.knm.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Builds realistic, deterministic (seeded) clusters into a {@link Store}. */
public final class Scenario {
  static final String[] ZONES = {"zone-a", "zone-b", "zone-c"};
  static final String[] CPU_TYPES = {"m6i.4xlarge", "m6i.8xlarge", "c6i.8xlarge"};
  static final String[] GPU_TYPES = {"p4d.24xlarge", "g5.48xlarge"};

  private final Random rnd;
  private final Instant epoch;

  Scenario(long seed, Instant now) {
    this.rnd = new Random(seed);
    this.epoch = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(86_400L * 30);
  }

  /** Node name like {@code 10-16-10-110.maas}; index 0 is 10-16-10-110. */
  public static String nodeName(int i) {
    int n = 110 + i;
    return "10-16-" + (10 + n / 256) + "-" + (n % 256) + ".maas";
  }

  static String nodeIp(int i) {
    int n = 110 + i;
    return "10.16." + (10 + n / 256) + "." + (n % 256);
  }

  private UUID uuid() {
    return new UUID(rnd.nextLong(), rnd.nextLong());
  }

  private String created() {
    return epoch.plusSeconds(rnd.nextInt(86_400 * 29)).toString();
  }

  /** A node of 10–20 KB: labels, taints, conditions, capacity with GPUs, a long images list. */
  public ObjectNode node(int i, int gpus, boolean controlPlane, Instant heartbeat) {
    String name = nodeName(i);
    ObjectNode n = Json.obj();
    ObjectNode md = n.putObject("metadata");
    md.put("name", name);
    md.put("uid", uuid().toString());
    md.put("creationTimestamp", created());
    ObjectNode l = md.putObject("labels");
    l.put("beta.kubernetes.io/arch", "amd64");
    l.put("beta.kubernetes.io/os", "linux");
    l.put("kubernetes.io/arch", "amd64");
    l.put("kubernetes.io/hostname", name);
    l.put("kubernetes.io/os", "linux");
    l.put("topology.kubernetes.io/zone", ZONES[i % ZONES.length]);
    l.put("topology.kubernetes.io/region", "maas-1");
    String type = gpus > 0 ? GPU_TYPES[i % GPU_TYPES.length] : CPU_TYPES[i % CPU_TYPES.length];
    l.put("node.kubernetes.io/instance-type", type);
    if (controlPlane) {
      l.put("node-role.kubernetes.io/control-plane", "");
    } else {
      l.put("node-role.kubernetes.io/worker", "");
    }
    if (gpus > 0) {
      l.put("nvidia.com/gpu.present", "true");
      l.put("nvidia.com/gpu.count", Integer.toString(gpus));
      l.put("nvidia.com/gpu.product", gpus > 8 ? "NVIDIA-H100-80GB-HBM3" : "NVIDIA-A100-SXM4-80GB");
    }
    ObjectNode ann = md.putObject("annotations");
    ann.put("node.alpha.kubernetes.io/ttl", "0");
    ann.put("volumes.kubernetes.io/controller-managed-attach-detach", "true");
    ann.put("kubeadm.alpha.kubernetes.io/cri-socket", "unix:///run/containerd/containerd.sock");
    ObjectNode spec = n.putObject("spec");
    spec.put("podCIDR", "10.244." + (i % 256) + ".0/24");
    spec.putArray("podCIDRs").add("10.244." + (i % 256) + ".0/24");
    ArrayNode taints = Json.M.createArrayNode();
    if (controlPlane) {
      ObjectNode t = taints.addObject();
      t.put("key", "node-role.kubernetes.io/control-plane");
      t.put("effect", "NoSchedule");
    }
    if (gpus > 0) {
      ObjectNode t = taints.addObject();
      t.put("key", "nvidia.com/gpu");
      t.put("value", "present");
      t.put("effect", "NoSchedule");
    }
    if (!taints.isEmpty()) {
      spec.set("taints", taints);
    }
    ObjectNode st = n.putObject("status");
    int cpu = gpus > 0 ? 96 : (i % 2 == 0 ? 16 : 32);
    long memGi = gpus > 0 ? 1024 : cpu * 4L;
    ObjectNode cap = st.putObject("capacity");
    cap.put("cpu", Integer.toString(cpu));
    cap.put("memory", (memGi * 1024 * 1024) + "Ki");
    cap.put("pods", "110");
    cap.put("ephemeral-storage", "959786032Ki");
    cap.put("hugepages-1Gi", "0");
    cap.put("hugepages-2Mi", "0");
    if (gpus > 0) {
      cap.put("nvidia.com/gpu", Integer.toString(gpus));
    }
    ObjectNode alloc = cap.deepCopy();
    alloc.put("cpu", (cpu * 1000 - 500) + "m");
    alloc.put("memory", (memGi * 1024 * 1024 - 1024 * 1024) + "Ki");
    alloc.put("ephemeral-storage", "884538402766");
    st.set("allocatable", alloc);
    ArrayNode conds = st.putArray("conditions");
    String hb = heartbeat.toString();
    String since = epoch.toString();
    cond(
        conds,
        "MemoryPressure",
        "False",
        "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available",
        hb,
        since);
    cond(
        conds,
        "DiskPressure",
        "False",
        "KubeletHasNoDiskPressure",
        "kubelet has no disk pressure",
        hb,
        since);
    cond(
        conds,
        "PIDPressure",
        "False",
        "KubeletHasSufficientPID",
        "kubelet has sufficient PID available",
        hb,
        since);
    cond(conds, "Ready", "True", "KubeletReady", "kubelet is posting ready status", hb, since);
    ArrayNode addr = st.putArray("addresses");
    addr.addObject().put("type", "InternalIP").put("address", nodeIp(i));
    addr.addObject().put("type", "Hostname").put("address", name);
    st.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 10250);
    ObjectNode info = st.putObject("nodeInfo");
    info.put("machineID", uuid().toString().replace("-", ""));
    info.put("systemUUID", uuid().toString());
    info.put("bootID", uuid().toString());
    info.put("kernelVersion", "5.15.0-119-generic");
    info.put("osImage", "Ubuntu 22.04.4 LTS");
    info.put("containerRuntimeVersion", "containerd://1.7.22");
    info.put("kubeletVersion", "v1.32.3");
    info.put("kubeProxyVersion", "v1.32.3");
    info.put("operatingSystem", "linux");
    info.put("architecture", "amd64");
    ArrayNode images = st.putArray("images");
    int count = 40 + rnd.nextInt(30);
    for (int k = 0; k < count; k++) {
      ObjectNode im = images.addObject();
      String repo = "registry.maas.internal/team-" + (k % 12) + "/service-" + k;
      im.putArray("names")
          .add(repo + "@sha256:" + hex(64))
          .add(repo + ":v" + (1 + k % 9) + "." + rnd.nextInt(20) + "." + rnd.nextInt(10));
      im.put("sizeBytes", 20_000_000L + rnd.nextInt(900_000_000));
    }
    return n;
  }

  private String hex(int len) {
    StringBuilder b = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      b.append(Character.forDigit(rnd.nextInt(16), 16));
    }
    return b.toString();
  }

  static void cond(
      ArrayNode conds,
      String type,
      String status,
      String reason,
      String msg,
      String hb,
      String since) {
    ObjectNode c = conds.addObject();
    c.put("type", type);
    c.put("status", status);
    c.put("lastHeartbeatTime", hb);
    c.put("lastTransitionTime", since);
    c.put("reason", reason);
    c.put("message", msg);
  }

  static ObjectNode namespace(String name) {
    ObjectNode n = Json.obj();
    ObjectNode md = n.putObject("metadata");
    md.put("name", name);
    md.putObject("labels").put("kubernetes.io/metadata.name", name);
    n.putObject("spec").putArray("finalizers").add("kubernetes");
    n.putObject("status").put("phase", "Active");
    return n;
  }

  /** A workload owner (DaemonSet or ReplicaSet). */
  ObjectNode owner(ResourceType t, String ns, String name, int replicas) {
    ObjectNode o = Json.obj();
    ObjectNode md = o.putObject("metadata");
    md.put("name", name);
    md.put("namespace", ns);
    md.put("uid", uuid().toString());
    md.put("creationTimestamp", created());
    md.putObject("labels").put("app", name);
    ObjectNode spec = o.putObject("spec");
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    if (t == ResourceType.REPLICA_SET) {
      spec.put("replicas", replicas);
    }
    ObjectNode tpl = spec.putObject("template");
    tpl.putObject("metadata").putObject("labels").put("app", name);
    tpl.putObject("spec")
        .putArray("containers")
        .addObject()
        .put("name", "main")
        .put("image", "registry.maas.internal/" + name + ":1.0");
    ObjectNode st = o.putObject("status");
    if (t == ResourceType.REPLICA_SET) {
      st.put("replicas", replicas);
      st.put("readyReplicas", replicas);
      st.put("availableReplicas", replicas);
    } else {
      st.put("desiredNumberScheduled", replicas);
      st.put("currentNumberScheduled", replicas);
      st.put("numberReady", replicas);
      st.put("updatedNumberScheduled", replicas);
      st.put("numberAvailable", replicas);
    }
    return o;
  }

  /** Kinds of pod that kubectl drain tells apart. */
  public enum PodKind {
    REPLICA_SET,
    DAEMON_SET,
    MIRROR,
    EMPTY_DIR,
    BARE,
    SUCCEEDED,
    FAILED
  }

  /** A pod; {@code owner} is the owning object for REPLICA_SET/DAEMON_SET/EMPTY_DIR kinds. */
  public ObjectNode pod(
      String ns,
      String name,
      String node,
      int nodeIndex,
      PodKind kind,
      ObjectNode owner,
      int gpus) {
    ObjectNode p = Json.obj();
    ObjectNode md = p.putObject("metadata");
    md.put("name", name);
    md.put("namespace", ns);
    md.put("uid", uuid().toString());
    md.put("creationTimestamp", created());
    ObjectNode labels = md.putObject("labels");
    if (owner != null) {
      labels.put("app", owner.path("metadata").path("name").asText());
      labels.put("pod-template-hash", hex(10));
      ObjectNode ref = md.putArray("ownerReferences").addObject();
      ref.put("apiVersion", "apps/v1");
      ref.put(
          "kind",
          owner.path("kind").asText(kind == PodKind.DAEMON_SET ? "DaemonSet" : "ReplicaSet"));
      ref.put("name", owner.path("metadata").path("name").asText());
      ref.put("uid", owner.path("metadata").path("uid").asText());
      ref.put("controller", true);
      ref.put("blockOwnerDeletion", true);
    } else {
      labels.put("app", name.replaceAll("-[0-9a-z]+$", ""));
    }
    if (kind == PodKind.MIRROR) {
      ObjectNode ann = md.putObject("annotations");
      ann.put("kubernetes.io/config.mirror", hex(32));
      ann.put("kubernetes.io/config.source", "file");
      ann.put("kubernetes.io/config.hash", hex(32));
      labels.put("tier", "control-plane");
      ObjectNode ref = md.putArray("ownerReferences").addObject();
      ref.put("apiVersion", "v1");
      ref.put("kind", "Node");
      ref.put("name", node);
      ref.put("uid", uuid().toString());
      ref.put("controller", true);
    }
    ObjectNode spec = p.putObject("spec");
    spec.put("nodeName", node);
    spec.put(
        "restartPolicy", kind == PodKind.SUCCEEDED || kind == PodKind.FAILED ? "Never" : "Always");
    spec.put("terminationGracePeriodSeconds", 30);
    spec.put("dnsPolicy", "ClusterFirst");
    spec.put("schedulerName", "default-scheduler");
    spec.put("serviceAccountName", "default");
    ObjectNode c = spec.putArray("containers").addObject();
    c.put("name", "main");
    c.put(
        "image", "registry.maas.internal/" + labels.path("app").asText() + ":1." + rnd.nextInt(9));
    ObjectNode res = c.putObject("resources");
    ObjectNode req = res.putObject("requests");
    req.put("cpu", (100 * (1 + rnd.nextInt(20))) + "m");
    req.put("memory", (128 * (1 + rnd.nextInt(16))) + "Mi");
    ObjectNode lim = res.putObject("limits");
    lim.put("memory", (256 * (1 + rnd.nextInt(16))) + "Mi");
    if (gpus > 0) {
      req.put("nvidia.com/gpu", Integer.toString(gpus));
      lim.put("nvidia.com/gpu", Integer.toString(gpus));
    }
    c.putArray("ports").addObject().put("containerPort", 8080).put("protocol", "TCP");
    c.putArray("env")
        .addObject()
        .put("name", "POD_NAME")
        .putObject("valueFrom")
        .putObject("fieldRef")
        .put("fieldPath", "metadata.name");
    ArrayNode mounts = c.putArray("volumeMounts");
    mounts
        .addObject()
        .put("name", "kube-api-access")
        .put("mountPath", "/var/run/secrets/kubernetes.io/serviceaccount")
        .put("readOnly", true);
    ArrayNode vols = spec.putArray("volumes");
    ObjectNode v = vols.addObject();
    v.put("name", "kube-api-access");
    v.putObject("projected")
        .put("defaultMode", 420)
        .putArray("sources")
        .addObject()
        .putObject("serviceAccountToken")
        .put("expirationSeconds", 3607)
        .put("path", "token");
    if (kind == PodKind.EMPTY_DIR) {
      vols.addObject().put("name", "scratch").putObject("emptyDir");
      mounts.addObject().put("name", "scratch").put("mountPath", "/scratch");
    }
    if (kind == PodKind.DAEMON_SET) {
      vols.addObject()
          .put("name", "host-root")
          .putObject("hostPath")
          .put("path", "/")
          .put("type", "");
    }
    ArrayNode tol = spec.putArray("tolerations");
    tol.addObject()
        .put("key", "node.kubernetes.io/not-ready")
        .put("operator", "Exists")
        .put("effect", "NoExecute")
        .put("tolerationSeconds", 300);
    if (gpus > 0 || kind == PodKind.DAEMON_SET) {
      tol.addObject().put("operator", "Exists");
    }
    ObjectNode st = p.putObject("status");
    String phase =
        kind == PodKind.SUCCEEDED ? "Succeeded" : kind == PodKind.FAILED ? "Failed" : "Running";
    st.put("phase", phase);
    boolean ready = phase.equals("Running");
    ArrayNode conds = st.putArray("conditions");
    String t0 = md.path("creationTimestamp").asText();
    for (String type :
        new String[] {
          "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"
        }) {
      boolean s = type.equals("Ready") || type.equals("ContainersReady") ? ready : true;
      conds
          .addObject()
          .put("type", type)
          .put("status", s ? "True" : "False")
          .put("lastTransitionTime", t0);
    }
    st.put("hostIP", nodeIp(nodeIndex));
    st.put("podIP", "10.244." + (nodeIndex % 256) + "." + (2 + rnd.nextInt(250)));
    st.put("startTime", t0);
    st.put("qosClass", "Burstable");
    ObjectNode cs = st.putArray("containerStatuses").addObject();
    cs.put("name", "main");
    cs.put("ready", ready);
    cs.put("restartCount", rnd.nextInt(10) < 8 ? 0 : rnd.nextInt(5));
    cs.put("image", c.path("image").asText());
    cs.put("imageID", "registry.maas.internal/x@sha256:" + hex(64));
    cs.put("containerID", "containerd://" + hex(64));
    cs.put("started", ready);
    if (ready) {
      cs.putObject("state").putObject("running").put("startedAt", t0);
    } else {
      cs.putObject("state")
          .putObject("terminated")
          .put("exitCode", phase.equals("Succeeded") ? 0 : 1)
          .put("reason", phase.equals("Succeeded") ? "Completed" : "Error")
          .put("startedAt", t0)
          .put("finishedAt", t0);
    }
    return p;
  }

  /** Fills a store: namespaces, nodes, DaemonSets, ReplicaSets and pods of every kind. */
  void populate(Store store, SandboxOptions o, Instant now) {
    boolean gpuLarge = "gpu-large".equals(o.preset());
    int nodes = gpuLarge ? 104 : o.nodes();
    int pods = gpuLarge ? 3000 : o.pods();
    int[] gpuPerNode = new int[nodes];
    if (gpuLarge) {
      // 83 GPU nodes: 57 x 8 + 26 x 16 = 872 GPUs; the first 3 are control planes, 18 CPU workers.
      for (int i = 0; i < 83; i++) {
        gpuPerNode[21 + i] = i < 57 ? 8 : 16;
      }
    } else {
      for (int i = 0; i < nodes; i++) {
        gpuPerNode[i] = i % 5 == 4 ? 8 : 0;
      }
    }
    int controlPlanes = Math.min(3, Math.max(1, nodes / 30));
    for (String ns : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
      store.load(ResourceType.NAMESPACE, namespace(ns));
    }
    int nsCount = o.namespaces() > 0 ? o.namespaces() : Math.max(3, pods / 250);
    List<String> namespaces = new ArrayList<>();
    for (int k = 0; k < nsCount; k++) {
      String ns = "team-" + k;
      namespaces.add(ns);
      store.load(ResourceType.NAMESPACE, namespace(ns));
    }
    for (int i = 0; i < nodes; i++) {
      store.load(ResourceType.NODE, node(i, gpuPerNode[i], i < controlPlanes, now));
    }
    if (nodes == 0) {
      return;
    }
    int made = 0;
    // one DaemonSet pod per node (node-exporter) when there are pods enough
    if (pods >= nodes * 2) {
      ObjectNode ds = owner(ResourceType.DAEMON_SET, "kube-system", "node-exporter", nodes);
      ds.put("kind", "DaemonSet");
      store.load(ResourceType.DAEMON_SET, ds);
      for (int i = 0; i < nodes; i++, made++) {
        store.load(
            ResourceType.POD,
            pod(
                "kube-system",
                "node-exporter-" + i + "-" + hex(5),
                nodeName(i),
                i,
                PodKind.DAEMON_SET,
                ds,
                0));
      }
    }
    // mirror (static) pods on control planes
    for (int i = 0; i < controlPlanes && made < pods; i++, made++) {
      store.load(
          ResourceType.POD,
          pod(
              "kube-system",
              "kube-apiserver-" + nodeName(i),
              nodeName(i),
              i,
              PodKind.MIRROR,
              null,
              0));
    }
    int remaining = pods - made;
    int rsSize = 10;
    int rsIndex = 0;
    ObjectNode rs = null;
    int inRs = 0;
    for (int k = 0; k < remaining; k++) {
      String ns = namespaces.get((k / rsSize) % namespaces.size());
      int ni = controlPlanes + rnd.nextInt(Math.max(1, nodes - controlPlanes));
      if (ni >= nodes) {
        ni = nodes - 1;
      }
      int roll = rnd.nextInt(100);
      PodKind kind =
          roll < 82
              ? PodKind.REPLICA_SET
              : roll < 88
                  ? PodKind.EMPTY_DIR
                  : roll < 92 ? PodKind.BARE : roll < 97 ? PodKind.SUCCEEDED : PodKind.FAILED;
      ObjectNode own = null;
      String name;
      if (kind == PodKind.REPLICA_SET || kind == PodKind.EMPTY_DIR) {
        if (rs == null
            || inRs >= rsSize
            || !rs.path("metadata").path("namespace").asText().equals(ns)) {
          rs = owner(ResourceType.REPLICA_SET, ns, "app-" + rsIndex++ + "-" + hex(8), rsSize);
          rs.put("kind", "ReplicaSet");
          store.load(ResourceType.REPLICA_SET, rs);
          inRs = 0;
        }
        inRs++;
        own = rs;
        name = rs.path("metadata").path("name").asText() + "-" + inRs + hex(4);
      } else if (kind == PodKind.BARE) {
        name = "debug-" + k + "-" + hex(5);
      } else {
        name = "job-" + k + "-" + hex(5);
      }
      int gpus = gpuPerNode[ni] > 0 && rnd.nextInt(3) == 0 ? 1 : 0;
      store.load(ResourceType.POD, pod(ns, name, nodeName(ni), ni, kind, own, gpus));
    }
  }
}
