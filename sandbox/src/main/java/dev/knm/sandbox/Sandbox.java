package dev.knm.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A simulated Kubernetes API server, in-process. {@code Sandbox.start(options)}, point kubectl or
 * fabric8 at {@link #writeKubeconfig(Path)}, {@link #close()} when done.
 */
public final class Sandbox implements AutoCloseable {
  private final SandboxOptions options;
  private final Store store;
  private final Faults faults;
  private final RequestLog log = new RequestLog();
  private final ScheduledExecutorService scheduler;
  private ApiServer server; // null while not serving
  private final String token;
  private final Certs.Pems pems;
  private final int port;
  private final Scenario scenario;

  private Sandbox(SandboxOptions o) {
    this.options = o;
    this.faults = o.faults() == null ? new Faults() : o.faults();
    this.scheduler =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "sandbox-timer");
              t.setDaemon(true);
              return t;
            });
    this.store = new Store(scheduler, Clock.systemUTC(), o.eventHistory(), o.graceCap().toMillis());
    this.token = o.token() != null ? o.token() : HexFormat.of().formatHex(random16());
    this.pems = Certs.get();
    this.scenario = new Scenario(o.seed(), Instant.now());
    scenario.populate(store, o, store.now());
    for (Store.Obj ns : store.list(ResourceType.NAMESPACE, null, null)) {
      store.recomputePdbs(ns.name());
    }
    this.server =
        new ApiServer(store, faults, log, token, scheduler, o.bookmarkInterval().toMillis());
    this.port = server.start(o.host(), o.port(), pems);
    startBackground();
  }

  private static byte[] random16() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return b;
  }

  public static Sandbox start(SandboxOptions options) {
    return new Sandbox(options);
  }

  private void startBackground() {
    List<String> flapping = new ArrayList<>(options.flappingNodes());
    if ("gpu-large".equals(options.preset()) && flapping.isEmpty()) {
      flapping.add("10-16-10-114.maas");
    }
    long flapMs = options.flapInterval().toMillis();
    for (String n : flapping) {
      scheduler.scheduleAtFixedRate(
          () -> safe(() -> flap(n)), flapMs, flapMs, TimeUnit.MILLISECONDS);
    }
    long beatMs = options.heartbeatInterval().toMillis();
    if (beatMs > 0) {
      long tick = Math.min(100, beatMs);
      scheduler.scheduleAtFixedRate(
          () -> safe(() -> heartbeats(tick, beatMs)), tick, tick, TimeUnit.MILLISECONDS);
    }
    if (options.churnPerSecond() > 0) {
      long every = Math.max(1, (long) (1000 / options.churnPerSecond()));
      Random r = new Random(options.seed() + 1);
      scheduler.scheduleAtFixedRate(
          () -> safe(() -> churn(r)), every, every, TimeUnit.MILLISECONDS);
    }
  }

  private static void safe(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      // background scenario work never kills the scheduler
    }
  }

  private void flap(String node) {
    if (store.get(ResourceType.NODE, null, node) == null) {
      return;
    }
    store.mutate(
        ResourceType.NODE,
        null,
        node,
        n -> {
          String now = store.now().toString();
          for (var c : n.path("status").path("conditions")) {
            ObjectNode cn = (ObjectNode) c;
            cn.put("lastHeartbeatTime", now);
            if ("Ready".equals(cn.path("type").asText())) {
              boolean ready = "True".equals(cn.path("status").asText());
              cn.put("status", ready ? "Unknown" : "True");
              cn.put("reason", ready ? "NodeStatusUnknown" : "KubeletReady");
              cn.put(
                  "message",
                  ready
                      ? "Kubelet stopped posting node status."
                      : "kubelet is posting ready status");
              cn.put("lastTransitionTime", now);
            }
          }
          return n;
        });
  }

  private String nextBeat = "";
  private double beatCarry;

  /** One tick's share of the heartbeats: every node once per {@code intervalMs}, round robin. */
  private void heartbeats(long tickMs, long intervalMs) {
    int nodes = store.count(ResourceType.NODE);
    beatCarry += nodes * (double) tickMs / intervalMs;
    int n = (int) beatCarry;
    beatCarry -= n;
    for (int i = 0; i < n; i++) {
      java.util.NavigableMap<String, Store.Obj> all = store.view(ResourceType.NODE, null);
      Map.Entry<String, Store.Obj> next = all.higherEntry(nextBeat);
      if (next == null) {
        next = all.firstEntry();
      }
      if (next == null) {
        return;
      }
      nextBeat = next.getKey();
      heartbeat(next.getValue().name());
    }
  }

  /** A kubelet's status post with nothing new: only the heartbeat times change. */
  public Store.Obj heartbeat(String node) {
    return store.mutate(
        ResourceType.NODE,
        null,
        node,
        n -> {
          String now = store.now().toString();
          for (var c : n.path("status").path("conditions")) {
            ((ObjectNode) c).put("lastHeartbeatTime", now);
          }
          return n;
        });
  }

  private int churnSeq;

  private synchronized void churn(Random r) {
    List<Store.Obj> nodes = store.list(ResourceType.NODE, null, null);
    if (nodes.isEmpty()) {
      return;
    }
    int ni = r.nextInt(nodes.size());
    String ns = "default";
    String name = "churn-" + (churnSeq++);
    ObjectNode p = scenario.pod(ns, name, nodes.get(ni).name(), ni, Scenario.PodKind.BARE, null, 0);
    store.create(ResourceType.POD, p);
    if (churnSeq > 20) {
      String old = "churn-" + (churnSeq - 21);
      if (store.get(ResourceType.POD, ns, old) != null) {
        store.delete(ResourceType.POD, ns, old, 0L);
      }
    }
  }

  // ------------------------------------------------------------------ accessors

  public String url() {
    return "https://" + options.host() + ":" + port;
  }

  public int port() {
    return port;
  }

  public String token() {
    return token;
  }

  public Faults faults() {
    return faults;
  }

  public Store store() {
    return store;
  }

  public RequestLog requestLog() {
    return log;
  }

  public SandboxOptions options() {
    return options;
  }

  /** PEM of the CA that signed the server and client certificates. */
  public String caCertPem() {
    return pems.caCert();
  }

  // ------------------------------------------------------------------ kubeconfig

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A kubeconfig with inline data: context {@code sandbox} (token user, current) and context {@code
   * sandbox-cert} (client-certificate user).
   */
  public String kubeconfigYaml() {
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: sandbox\n"
        + "  cluster:\n"
        + "    server: "
        + url()
        + "\n"
        + "    certificate-authority-data: "
        + b64(pems.caCert())
        + "\n"
        + "users:\n"
        + "- name: sandbox-token\n"
        + "  user:\n"
        + "    token: "
        + token
        + "\n"
        + "- name: sandbox-cert\n"
        + "  user:\n"
        + "    client-certificate-data: "
        + b64(pems.clientCert())
        + "\n"
        + "    client-key-data: "
        + b64(pems.clientKey())
        + "\n"
        + "contexts:\n"
        + "- name: sandbox\n"
        + "  context:\n"
        + "    cluster: sandbox\n"
        + "    user: sandbox-token\n"
        + "- name: sandbox-cert\n"
        + "  context:\n"
        + "    cluster: sandbox\n"
        + "    user: sandbox-cert\n"
        + "current-context: sandbox\n";
  }

  public Path writeKubeconfig(Path file) {
    return write(file, kubeconfigYaml());
  }

  /**
   * Writes a kubeconfig whose CA, client certificate and key are separate files next to it,
   * referenced by absolute path (what a kubeadm admin.conf copied around often looks like).
   */
  public Path writeKubeconfigWithFiles(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path ca = write(dir.resolve("ca.crt"), pems.caCert());
    Path crt = write(dir.resolve("client.crt"), pems.clientCert());
    Path key = write(dir.resolve("client.key"), pems.clientKey());
    String y =
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters:\n"
            + "- name: sandbox\n"
            + "  cluster:\n"
            + "    server: "
            + url()
            + "\n"
            + "    certificate-authority: "
            + ca.toAbsolutePath()
            + "\n"
            + "users:\n"
            + "- name: sandbox-cert\n"
            + "  user:\n"
            + "    client-certificate: "
            + crt.toAbsolutePath()
            + "\n"
            + "    client-key: "
            + key.toAbsolutePath()
            + "\n"
            + "- name: sandbox-token\n"
            + "  user:\n"
            + "    token: "
            + token
            + "\n"
            + "contexts:\n"
            + "- name: sandbox\n"
            + "  context:\n"
            + "    cluster: sandbox\n"
            + "    user: sandbox-cert\n"
            + "- name: sandbox-token\n"
            + "  context:\n"
            + "    cluster: sandbox\n"
            + "    user: sandbox-token\n"
            + "current-context: sandbox\n";
    return write(dir.resolve("kubeconfig"), y);
  }

  private static Path write(Path file, String text) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, text);
      try {
        Files.setPosixFilePermissions(
            file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ scenario helpers

  public Store.Obj node(String name) {
    return store.get(ResourceType.NODE, null, name);
  }

  /** Sets (value non-null) or removes (null) a node label. */
  public Store.Obj labelNode(String name, String key, String value) {
    return store.mutate(
        ResourceType.NODE,
        null,
        name,
        n -> {
          ObjectNode l = Json.with(Json.with(n, "metadata"), "labels");
          if (value == null) {
            l.remove(key);
          } else {
            l.put(key, value);
          }
          return n;
        });
  }

  /** Adds a taint to a node. */
  public Store.Obj taintNode(String name, String key, String value, String effect) {
    return store.mutate(
        ResourceType.NODE,
        null,
        name,
        n -> {
          ObjectNode spec = Json.with(n, "spec");
          var arr =
              spec.has("taints")
                  ? (com.fasterxml.jackson.databind.node.ArrayNode) spec.get("taints")
                  : spec.putArray("taints");
          ObjectNode t = arr.addObject();
          t.put("key", key);
          if (value != null) {
            t.put("value", value);
          }
          t.put("effect", effect);
          return n;
        });
  }

  /** Sets a node's Ready condition. */
  public Store.Obj setNodeReady(String name, boolean ready) {
    return store.mutate(
        ResourceType.NODE,
        null,
        name,
        n -> {
          for (var c : n.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
              ((ObjectNode) c).put("status", ready ? "True" : "Unknown");
            }
          }
          return n;
        });
  }

  /** Creates a PDB; give exactly one of minAvailable / maxUnavailable (an Integer or "50%"). */
  public Store.Obj createPdb(
      String ns,
      String name,
      Map<String, String> matchLabels,
      Object minAvailable,
      Object maxUnavailable) {
    ObjectNode p = Json.obj();
    ObjectNode md = p.putObject("metadata");
    md.put("name", name);
    md.put("namespace", ns);
    ObjectNode spec = p.putObject("spec");
    putIntOrString(spec, "minAvailable", minAvailable);
    putIntOrString(spec, "maxUnavailable", maxUnavailable);
    ObjectNode ml = spec.putObject("selector").putObject("matchLabels");
    matchLabels.forEach(ml::put);
    return store.create(ResourceType.PDB, p);
  }

  /** Changes a PDB's minAvailable / maxUnavailable (null removes the field). */
  public Store.Obj updatePdb(String ns, String name, Object minAvailable, Object maxUnavailable) {
    return store.mutate(
        ResourceType.PDB,
        ns,
        name,
        p -> {
          ObjectNode spec = Json.with(p, "spec");
          spec.remove("minAvailable");
          spec.remove("maxUnavailable");
          putIntOrString(spec, "minAvailable", minAvailable);
          putIntOrString(spec, "maxUnavailable", maxUnavailable);
          return p;
        });
  }

  private static void putIntOrString(ObjectNode o, String f, Object v) {
    if (v instanceof Integer i) {
      o.put(f, i);
    } else if (v != null) {
      o.put(f, v.toString());
    }
  }

  /**
   * Leaves a pod stuck in Terminating, as a finalizer nobody removes does: a finalizer ({@code
   * sandbox.knm.dev/hold}) and a deletionTimestamp {@code ago} in the past. {@link #release} lets
   * it go.
   */
  public Store.Obj holdTerminating(String ns, String name, java.time.Duration ago) {
    return store.mutate(
        ResourceType.POD,
        ns,
        name,
        p -> {
          ObjectNode md = Json.with(p, "metadata");
          md.putArray("finalizers").add("sandbox.knm.dev/hold");
          md.put("deletionTimestamp", store.now().minus(ago).toString());
          md.put("deletionGracePeriodSeconds", 0);
          return p;
        });
  }

  /** Removes a pod's finalizers: a pod being deleted is then gone. */
  public Store.Obj release(String ns, String name) {
    return store.mutate(
        ResourceType.POD,
        ns,
        name,
        p -> {
          Json.with(p, "metadata").remove("finalizers");
          return p;
        });
  }

  /** Creates an object from JSON (any served kind; namespaced kinds need metadata.namespace). */
  public Store.Obj create(ResourceType t, String json) {
    return store.create(t, Json.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Creates a namespace unless it exists. */
  public void ensureNamespace(String ns) {
    if (store.get(ResourceType.NAMESPACE, null, ns) == null) {
      store.create(ResourceType.NAMESPACE, Scenario.namespace(ns));
    }
  }

  /**
   * Adds a pod like the scenario's to {@code node}: for {@code REPLICA_SET}, {@code EMPTY_DIR} and
   * {@code DAEMON_SET} kinds {@code owner} names its ReplicaSet or DaemonSet (created when missing;
   * its pods are labelled {@code app=<owner>}); the other kinds have no controller ({@code owner}
   * ignored). The namespace is created when missing.
   */
  public Store.Obj addPod(
      String ns, String name, String node, Scenario.PodKind kind, String owner) {
    ensureNamespace(ns);
    ObjectNode own = null;
    if (kind == Scenario.PodKind.REPLICA_SET || kind == Scenario.PodKind.EMPTY_DIR) {
      own = ownerObject(ResourceType.REPLICA_SET, ns, owner, true);
    } else if (kind == Scenario.PodKind.DAEMON_SET) {
      own = ownerObject(ResourceType.DAEMON_SET, ns, owner, true);
    }
    return store.create(
        ResourceType.POD, scenario.pod(ns, name, node, nodeIndex(node), kind, own, 0));
  }

  /**
   * Adds a DaemonSet pod whose DaemonSet does not exist (deleted with --cascade=orphan): kubectl
   * drain evicts it only with --force.
   */
  public Store.Obj addOrphanDaemonSetPod(String ns, String name, String node, String daemonSet) {
    ensureNamespace(ns);
    ObjectNode own = ownerObject(ResourceType.DAEMON_SET, ns, daemonSet, false);
    return store.create(
        ResourceType.POD,
        scenario.pod(ns, name, node, nodeIndex(node), Scenario.PodKind.DAEMON_SET, own, 0));
  }

  private synchronized ObjectNode ownerObject(
      ResourceType t, String ns, String name, boolean stored) {
    Store.Obj cur = store.get(t, ns, name);
    if (cur != null) {
      return cur.node();
    }
    ObjectNode o = scenario.owner(t, ns, name, 1);
    o.put("kind", t.kind());
    return stored ? store.create(t, o).node() : o;
  }

  private int nodeIndex(String node) {
    int i = 0;
    for (Store.Obj n : store.list(ResourceType.NODE, null, null)) {
      if (n.name().equals(node)) {
        return i;
      }
      i++;
    }
    return 0;
  }

  /** Pods bound to a node. */
  public List<Store.Obj> podsOn(String node) {
    return store.list(ResourceType.POD, null, o -> node.equals(o.fields().get("spec.nodeName")));
  }

  /** The scenario generator (seeded), for making more nodes and pods like the initial ones. */
  public Scenario scenario() {
    return scenario;
  }

  /**
   * Stops serving, as an API server that goes down does: every connection is closed and new ones
   * are refused, while the store (etcd) and the scenario's background writers go on. {@link
   * #startServing()} serves the same store on the same port again.
   */
  public synchronized void stopServing() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Serves the store again on the same port (after {@link #stopServing()}). */
  public synchronized void startServing() {
    if (server == null) {
      ApiServer s =
          new ApiServer(
              store, faults, log, token, scheduler, options.bookmarkInterval().toMillis());
      s.start(options.host(), port, pems);
      server = s;
    }
  }

  @Override
  public synchronized void close() {
    scheduler.shutdownNow();
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
