package dev.knm.watch;

import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.transport.ClientPool;
import dev.knm.kube.transport.KubeClientFactory;
import dev.knm.kube.transport.TimeoutTier;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The informer choice behind core/watch, measured (bench/watch.sh runs it; not a test): the same
 * clusters watched by
 *
 * <ul>
 *   <li>{@code knm}: knm's own list-watch loop (WatchEngine, the lean decoder, a pooled compact
 *       cache);
 *   <li>{@code fabric8}: fabric8's SharedIndexInformer with its default store (full Node objects);
 *   <li>{@code fabric8-compact}: the same informer with an ItemStore that keeps only knm's compact
 *       NodeSummary (what the issue suggested: fabric8 still decodes every event into a full Node
 *       with databind, then the store throws the rest away).
 * </ul>
 *
 * <p>Usage: {@code java -cp ... dev.knm.watch.InformerBench MODE KUBECONFIG...}; prints "synced N
 * nodes" once every informer has listed, then a line per minute with the updates seen, and runs
 * until killed. The script measures its heap (jcmd GC.class_histogram) and CPU (/proc).
 */
public final class InformerBench {
  private InformerBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    List<String> kubeconfigs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      kubeconfigs.add(Files.readString(Path.of(args[i])));
    }
    AtomicLong updates = new AtomicLong();
    long nodes =
        switch (mode) {
          case "knm" -> knm(kubeconfigs, updates);
          case "fabric8" -> fabric8(kubeconfigs, updates, false);
          case "fabric8-compact" -> fabric8(kubeconfigs, updates, true);
          default -> throw new IllegalArgumentException("mode: knm | fabric8 | fabric8-compact");
        };
    System.out.println("synced " + nodes + " nodes");
    System.out.flush();
    while (true) {
      Thread.sleep(60_000);
      System.out.println("updates " + updates.get());
      System.out.flush();
    }
  }

  private static long knm(List<String> kubeconfigs, AtomicLong updates) throws Exception {
    WatchEngine engine =
        new WatchEngine(
            WatchOptions.defaults(),
            new ClientPool(Duration.ofMinutes(30)),
            KubeClientFactory.standard(),
            Clock.systemUTC());
    engine.subscribe(e -> updates.incrementAndGet());
    for (int i = 0; i < kubeconfigs.size(); i++) {
      engine.start(new WatchTarget("c" + i, kubeconfigs.get(i), TimeoutTier.HUGE));
    }
    engine.awaitSynced(Duration.ofMinutes(10));
    return engine.snapshots().stream().mapToLong(ClusterSnapshot::nodeCount).sum();
  }

  private static long fabric8(List<String> kubeconfigs, AtomicLong updates, boolean compact)
      throws Exception {
    List<SharedIndexInformer<Node>> informers = new ArrayList<>();
    for (String kc : kubeconfigs) {
      Config config = Config.fromKubeconfig(kc);
      config.setRequestRetryBackoffLimit(0);
      KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
      SharedIndexInformer<Node> inf = client.nodes().withLimit(500L).runnableInformer(0);
      if (compact) {
        inf.itemStore(new CompactStore());
      }
      inf.addEventHandler(
          new ResourceEventHandler<Node>() {
            @Override
            public void onAdd(Node obj) {}

            @Override
            public void onUpdate(Node oldObj, Node newObj) {
              updates.incrementAndGet();
            }

            @Override
            public void onDelete(Node obj, boolean deletedFinalStateUnknown) {}
          });
      inf.start().toCompletableFuture().get();
      informers.add(inf);
    }
    long n = 0;
    for (SharedIndexInformer<Node> inf : informers) {
      n += inf.getIndexer() == null ? 0 : inf.getIndexer().list().size();
    }
    return compact ? CompactStore.total.get() : n;
  }

  /**
   * An ItemStore that keeps knm's compact projection of each Node and hands back a bare Node (name
   * and resourceVersion only) where the informer asks for the stored object.
   */
  static final class CompactStore implements ItemStore<Node> {
    static final AtomicLong total = new AtomicLong();
    private final Map<String, NodeSummary> nodes = new ConcurrentHashMap<>();
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final StringPool pool = new StringPool(100_000);

    @Override
    public String getKey(Node obj) {
      return obj.getMetadata().getName();
    }

    @Override
    public synchronized Node put(String key, Node obj) {
      NodeSummary prev = nodes.put(key, summary(obj).withStrings(pool::of));
      versions.put(key, obj.getMetadata().getResourceVersion());
      if (prev == null) {
        total.incrementAndGet();
      }
      return prev == null ? null : bare(key);
    }

    @Override
    public synchronized Node remove(String key) {
      versions.remove(key);
      return nodes.remove(key) == null ? null : bare(key);
    }

    @Override
    public Stream<String> keySet() {
      return nodes.keySet().stream();
    }

    @Override
    public Stream<Node> values() {
      return nodes.keySet().stream().map(this::bare);
    }

    @Override
    public int size() {
      return nodes.size();
    }

    @Override
    public Node get(String key) {
      return nodes.containsKey(key) ? bare(key) : null;
    }

    private Node bare(String key) {
      Node n = new Node();
      n.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
      n.getMetadata().setName(key);
      n.getMetadata().setResourceVersion(versions.get(key));
      return n;
    }

    private static NodeSummary summary(Node n) {
      var md = n.getMetadata();
      var spec = n.getSpec();
      var st = n.getStatus();
      Map<String, String> labels = md.getLabels() == null ? Map.of() : md.getLabels();
      List<NodeSummary.Taint> taints = new ArrayList<>();
      if (spec != null && spec.getTaints() != null) {
        spec.getTaints()
            .forEach(
                t -> taints.add(new NodeSummary.Taint(t.getKey(), t.getValue(), t.getEffect())));
      }
      List<NodeSummary.Condition> conds = new ArrayList<>();
      boolean ready = false;
      for (NodeCondition c : st.getConditions()) {
        conds.add(
            new NodeSummary.Condition(
                c.getType(),
                c.getStatus(),
                c.getReason(),
                c.getMessage(),
                c.getLastTransitionTime()));
        ready |= "Ready".equals(c.getType()) && "True".equals(c.getStatus());
      }
      List<NodeSummary.Address> addrs = new ArrayList<>();
      for (NodeAddress a : st.getAddresses()) {
        addrs.add(new NodeSummary.Address(a.getType(), a.getAddress()));
      }
      var info = st.getNodeInfo();
      boolean cordoned = spec != null && Boolean.TRUE.equals(spec.getUnschedulable());
      return new NodeSummary(
          md.getName(),
          ready ? "Ready" : "NotReady",
          ready,
          cordoned,
          List.of(),
          taints,
          info.getKubeletVersion(),
          addrs.isEmpty() ? null : addrs.get(0).address(),
          null,
          info.getOsImage(),
          info.getKernelVersion(),
          info.getContainerRuntimeVersion(),
          labels.get("topology.kubernetes.io/zone"),
          labels.get("node.kubernetes.io/instance-type"),
          resources(st.getCapacity()),
          resources(st.getAllocatable()),
          conds,
          labels,
          addrs,
          md.getCreationTimestamp());
    }

    private static NodeSummary.Resources resources(Map<String, Quantity> m) {
      if (m == null) {
        return NodeSummary.Resources.ZERO;
      }
      return new NodeSummary.Resources(
          m.get("cpu") == null
              ? 0
              : dev.knm.kube.model.Quantity.cpuMillisOrZero(m.get("cpu").toString()),
          m.get("memory") == null
              ? 0
              : dev.knm.kube.model.Quantity.wholeOrZero(m.get("memory").toString()),
          m.get(NodeSummary.GPU) == null
              ? 0
              : dev.knm.kube.model.Quantity.wholeOrZero(m.get(NodeSummary.GPU).toString()));
    }
  }
}
