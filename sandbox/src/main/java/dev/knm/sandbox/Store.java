package dev.knm.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The sandbox's etcd: objects by kind, ordered by key ({@code namespace/name}), one global
 * resourceVersion counter, a bounded event history for watches, graceful pod deletion and PDB
 * status accounting. Objects are kept as serialized JSON with a few indexed fields, so that a
 * 50,000-pod list is a concatenation of byte arrays.
 */
public final class Store {

  /** A stored object. {@code json} is the exact body served; never mutate it. */
  public record Obj(
      ResourceType type,
      String key,
      String namespace,
      String name,
      long rv,
      Map<String, String> labels,
      Map<String, String> fields,
      byte[] json,
      java.util.concurrent.atomic.AtomicReference<Object> rowCache) {
    public ObjectNode node() {
      return Json.parse(json);
    }

    public boolean healthy() {
      return "true".equals(fields.get("_healthy"));
    }

    public boolean terminating() {
      return fields.containsKey("_terminating");
    }
  }

  /** A watch event. */
  public record Event(String type, Obj obj, long rv) {}

  /** A registered watch; {@link #close()} unregisters it. */
  public final class Watch implements AutoCloseable {
    final ResourceType type;
    final String namespace;
    final Predicate<Obj> filter;
    final Consumer<Event> sink;

    Watch(ResourceType type, String namespace, Predicate<Obj> filter, Consumer<Event> sink) {
      this.type = type;
      this.namespace = namespace;
      this.filter = filter;
      this.sink = sink;
    }

    boolean wants(Obj o) {
      return o.type == type
          && (namespace == null || namespace.equals(o.namespace))
          && filter.test(o);
    }

    @Override
    public void close() {
      watches.remove(this);
    }
  }

  private final Map<ResourceType, ConcurrentSkipListMap<String, Obj>> maps = new HashMap<>();
  private final ArrayDeque<Event> history = new ArrayDeque<>();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private volatile int historyLimit;
  private volatile long graceCapMillis;
  private long rv = 1000;
  private long compactedRv = 0;
  private boolean recomputing;
  private volatile ChangeRecord changeRecord;

  Store(ScheduledExecutorService scheduler, Clock clock, int historyLimit, long graceCapMillis) {
    this.scheduler = scheduler;
    this.clock = clock;
    this.historyLimit = historyLimit;
    this.graceCapMillis = graceCapMillis;
    for (ResourceType t : ResourceType.ALL) {
      maps.put(t, new ConcurrentSkipListMap<>());
    }
  }

  /** Caps every graceful pod deletion at this many milliseconds (tests shorten it). */
  public void graceCapMillis(long millis) {
    this.graceCapMillis = millis;
  }

  public void historyLimit(int limit) {
    this.historyLimit = limit;
  }

  /** Starts keeping a {@link ChangeRecord} of every node write from now on. */
  public synchronized ChangeRecord recordChanges() {
    if (changeRecord == null) {
      changeRecord = new ChangeRecord();
    }
    return changeRecord;
  }

  /** The record of node writes, or null when {@link #recordChanges()} was never called. */
  public ChangeRecord changeRecord() {
    return changeRecord;
  }

  /**
   * Forgets the event history up to now, as etcd's compaction does: a watch from any earlier
   * resourceVersion gets 410 Gone (and must list again). Open watches go on.
   */
  public synchronized void compact() {
    history.clear();
    compactedRv = rv;
  }

  public synchronized long resourceVersion() {
    return rv;
  }

  public static String key(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  public Obj get(ResourceType t, String namespace, String name) {
    return maps.get(t).get(key(t.namespaced() ? namespace : null, name));
  }

  /** Objects of a kind, ordered by key, optionally in one namespace. */
  public NavigableMap<String, Obj> view(ResourceType t, String namespace) {
    ConcurrentSkipListMap<String, Obj> m = maps.get(t);
    if (namespace == null || !t.namespaced()) {
      return m;
    }
    return m.subMap(namespace + "/", true, namespace + "/\uffff", false);
  }

  public int count(ResourceType t) {
    return maps.get(t).size();
  }

  public List<Obj> list(ResourceType t, String namespace, Predicate<Obj> filter) {
    List<Obj> out = new ArrayList<>();
    for (Obj o : view(t, namespace).values()) {
      if (filter == null || filter.test(o)) {
        out.add(o);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- writes

  public synchronized Obj create(ResourceType t, ObjectNode o) {
    ObjectNode md = Json.with(o, "metadata");
    String name = Json.text(md, "name");
    if ((name == null || name.isEmpty()) && md.has("generateName")) {
      name = md.get("generateName").asText() + UUID.randomUUID().toString().substring(0, 5);
      md.put("name", name);
    }
    if (name == null || name.isEmpty()) {
      throw new ApiException(
          422,
          "Invalid",
          t.kind()
              + " \"\" is invalid: metadata.name: Required value: name or generateName is required");
    }
    String ns = t.namespaced() ? Json.text(md, "namespace") : null;
    if (t.namespaced() && ns == null) {
      ns = "default";
      md.put("namespace", ns);
    }
    if (!t.namespaced()) {
      md.remove("namespace");
    }
    String key = key(ns, name);
    if (maps.get(t).containsKey(key)) {
      throw ApiException.alreadyExists(t, name);
    }
    if (!md.has("uid")) {
      md.put("uid", UUID.randomUUID().toString());
    }
    if (!md.has("creationTimestamp")) {
      md.put("creationTimestamp", now().toString());
    }
    md.remove("deletionTimestamp");
    if (!md.has("generation")) {
      md.put("generation", 1);
    }
    o.put("apiVersion", t.apiVersion());
    o.put("kind", t.kind());
    Obj stored = put(t, o, "ADDED");
    afterWrite(stored);
    return stored;
  }

  /** Replaces an object; when the body carries a resourceVersion it must be current. */
  public synchronized Obj update(ResourceType t, ObjectNode o) {
    ObjectNode md = Json.with(o, "metadata");
    String name = Json.text(md, "name");
    String ns = t.namespaced() ? Json.text(md, "namespace") : null;
    Obj cur = maps.get(t).get(key(ns, name));
    if (cur == null) {
      throw ApiException.notFound(t, name);
    }
    String want = Json.text(md, "resourceVersion");
    if (want != null && !want.isEmpty() && !want.equals(Long.toString(cur.rv))) {
      throw ApiException.conflict(t, name);
    }
    ObjectNode old = cur.node();
    JsonNode oldMd = old.get("metadata");
    for (String keep :
        new String[] {
          "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"
        }) {
      if (oldMd.has(keep)) {
        md.set(keep, oldMd.get(keep));
      }
    }
    if (!old.path("spec").equals(o.path("spec"))) {
      md.put("generation", oldMd.path("generation").asLong(1) + 1);
    } else if (oldMd.has("generation")) {
      md.set("generation", oldMd.get("generation"));
    }
    o.put("apiVersion", t.apiVersion());
    o.put("kind", t.kind());
    if (old.equals(withRv(o, cur.rv))) {
      return cur; // no-op updates do not bump the resourceVersion
    }
    if (md.has("deletionTimestamp") && hasFinalizers(old) && !hasFinalizers(o)) {
      // the last finalizer was removed from an object being deleted: it goes now
      put(t, o, "MODIFIED");
      return remove(maps.get(t).get(cur.key));
    }
    Obj stored = put(t, o, "MODIFIED");
    afterWrite(stored);
    return stored;
  }

  private static ObjectNode withRv(ObjectNode o, long rv) {
    ObjectNode c = o.deepCopy();
    Json.with(c, "metadata").put("resourceVersion", Long.toString(rv));
    return c;
  }

  /** Atomically reads, changes and writes an object (used by PATCH and by scenarios). */
  public synchronized Obj mutate(
      ResourceType t, String ns, String name, UnaryOperator<ObjectNode> change) {
    Obj cur = get(t, ns, name);
    if (cur == null) {
      throw ApiException.notFound(t, name);
    }
    ObjectNode n = change.apply(cur.node());
    ObjectNode md = Json.with(n, "metadata");
    md.put("name", name);
    if (t.namespaced()) {
      md.put("namespace", ns);
    }
    md.put("resourceVersion", Long.toString(cur.rv));
    return update(t, n);
  }

  /**
   * Deletes an object. Pods bound to a node are deleted gracefully: deletionTimestamp set now, gone
   * after the grace period (capped by {@link #graceCapMillis(long)}).
   */
  public synchronized Obj delete(ResourceType t, String ns, String name, Long graceSeconds) {
    Obj cur = get(t, ns, name);
    if (cur == null) {
      throw ApiException.notFound(t, name);
    }
    if (hasFinalizers(cur.node())) {
      // kept, marked for deletion, until its finalizers are removed (as the API server does)
      if (cur.terminating()) {
        return cur;
      }
      ObjectNode n = cur.node();
      ObjectNode md = Json.with(n, "metadata");
      md.put("deletionTimestamp", now().toString());
      md.put("deletionGracePeriodSeconds", 0);
      Obj marked = put(t, n, "MODIFIED");
      afterWrite(marked);
      return marked;
    }
    if (t == ResourceType.POD) {
      ObjectNode n = cur.node();
      String phase = Json.text(n, "status", "phase");
      boolean bound = Json.text(n, "spec", "nodeName") != null;
      long grace =
          graceSeconds != null
              ? graceSeconds
              : n.path("spec").path("terminationGracePeriodSeconds").asLong(30);
      boolean terminal = "Succeeded".equals(phase) || "Failed".equals(phase);
      if (bound && !terminal && grace > 0) {
        if (cur.terminating()) {
          return cur;
        }
        ObjectNode md = Json.with(n, "metadata");
        md.put("deletionTimestamp", now().plusSeconds(grace).toString());
        md.put("deletionGracePeriodSeconds", grace);
        Obj marked = put(t, n, "MODIFIED");
        afterWrite(marked);
        long delay = Math.min(grace * 1000, graceCapMillis);
        String uid = Json.text(n, "metadata", "uid");
        scheduler.schedule(() -> finishDeletion(t, ns, name, uid), delay, TimeUnit.MILLISECONDS);
        return marked;
      }
    }
    return remove(cur);
  }

  private synchronized void finishDeletion(ResourceType t, String ns, String name, String uid) {
    Obj cur = get(t, ns, name);
    if (cur != null
        && uid.equals(Json.text(cur.node(), "metadata", "uid"))
        && !hasFinalizers(cur.node())) {
      remove(cur);
    }
  }

  static boolean hasFinalizers(ObjectNode o) {
    JsonNode f = o.path("metadata").path("finalizers");
    return f.isArray() && !f.isEmpty();
  }

  private Obj remove(Obj cur) {
    maps.get(cur.type).remove(cur.key);
    long next = ++rv;
    ObjectNode n = cur.node();
    Json.with(n, "metadata").put("resourceVersion", Long.toString(next));
    Obj gone = index(cur.type, n, next);
    ChangeRecord record = changeRecord;
    if (record != null && cur.type == ResourceType.NODE) {
      record.record(next, cur.name, n, null);
    }
    emit(new Event("DELETED", gone, next));
    afterWrite(gone);
    return gone;
  }

  private Obj put(ResourceType t, ObjectNode o, String eventType) {
    long next = ++rv;
    Json.with(o, "metadata").put("resourceVersion", Long.toString(next));
    Obj stored = index(t, o, next);
    Obj before = maps.get(t).put(stored.key, stored);
    ChangeRecord record = changeRecord;
    if (record != null && t == ResourceType.NODE) {
      record.record(next, stored.name, before == null ? null : before.node(), o);
    }
    emit(new Event(eventType, stored, next));
    return stored;
  }

  /** Loads objects without events or PDB accounting (scenario set-up before serving). */
  synchronized void load(ResourceType t, ObjectNode o) {
    ObjectNode md = Json.with(o, "metadata");
    if (!md.has("uid")) {
      md.put("uid", UUID.randomUUID().toString());
    }
    if (!md.has("creationTimestamp")) {
      md.put("creationTimestamp", now().toString());
    }
    o.put("apiVersion", t.apiVersion());
    o.put("kind", t.kind());
    long next = ++rv;
    md.put("resourceVersion", Long.toString(next));
    Obj stored = index(t, o, next);
    maps.get(t).put(stored.key, stored);
  }

  static Obj index(ResourceType t, ObjectNode o, long rv) {
    JsonNode md = o.path("metadata");
    String name = md.path("name").asText();
    String ns = t.namespaced() ? md.path("namespace").asText() : null;
    Map<String, String> labels = new HashMap<>();
    md.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    Map<String, String> fields = new HashMap<>();
    fields.put("metadata.name", name);
    if (ns != null) {
      fields.put("metadata.namespace", ns);
    }
    if (t == ResourceType.POD) {
      String node = Json.text(o, "spec", "nodeName");
      fields.put("spec.nodeName", node == null ? "" : node);
      String phase = Json.text(o, "status", "phase");
      fields.put("status.phase", phase == null ? "" : phase);
      boolean ready = false;
      for (JsonNode c : o.path("status").path("conditions")) {
        if ("Ready".equals(Json.text(c, "type"))) {
          ready = "True".equals(Json.text(c, "status"));
        }
      }
      boolean terminating = md.has("deletionTimestamp");
      if (terminating) {
        fields.put("_terminating", "true");
      }
      fields.put("_healthy", Boolean.toString(ready && !terminating));
    }
    return new Obj(
        t,
        key(ns, name),
        ns,
        name,
        rv,
        Collections.unmodifiableMap(labels),
        Collections.unmodifiableMap(fields),
        Json.bytes(o),
        new java.util.concurrent.atomic.AtomicReference<>());
  }

  private void emit(Event e) {
    history.addLast(e);
    while (history.size() > historyLimit) {
      compactedRv = history.removeFirst().rv;
    }
    for (Watch w : watches) {
      if (w.wants(e.obj)) {
        try {
          w.sink.accept(e);
        } catch (RuntimeException ex) {
          watches.remove(w);
        }
      }
    }
  }

  /**
   * Registers a watch. From resourceVersion 0 (or none) it starts with synthetic ADDED events for
   * every current object; from a known resourceVersion it replays the history after it; from one
   * older than the kept history it throws 410 Gone.
   */
  public synchronized Watch watch(
      ResourceType t,
      String namespace,
      Predicate<Obj> filter,
      long fromRv,
      boolean fromNow,
      Consumer<Event> sink) {
    Watch w = new Watch(t, namespace, filter, sink);
    if (fromNow) {
      if (fromRv < compactedRv) {
        throw new ApiException(
            410, "Expired", "too old resource version: " + fromRv + " (" + (compactedRv + 1) + ")");
      }
      for (Event e : history) {
        if (e.rv > fromRv && w.wants(e.obj)) {
          sink.accept(e);
        }
      }
    } else {
      for (Obj o : view(t, namespace).values()) {
        if (w.wants(o)) {
          sink.accept(new Event("ADDED", o, o.rv));
        }
      }
    }
    watches.add(w);
    return w;
  }

  public synchronized long compactedResourceVersion() {
    return compactedRv;
  }

  int watchCount() {
    return watches.size();
  }

  /** Ends every open watch (their sinks get a null event meaning "closed"). */
  void dropWatches() {
    for (Watch w : watches) {
      watches.remove(w);
      w.sink.accept(null);
    }
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  // ---------------------------------------------------------------- PDBs and eviction

  private void afterWrite(Obj o) {
    if (recomputing || !o.type.namespaced()) {
      return;
    }
    if (o.type == ResourceType.POD || o.type == ResourceType.PDB) {
      recomputePdbs(o.namespace);
    }
  }

  /** Recomputes the status of every PDB in a namespace; writes only the ones that changed. */
  synchronized void recomputePdbs(String namespace) {
    recomputing = true;
    try {
      for (Obj pdb : new ArrayList<>(view(ResourceType.PDB, namespace).values())) {
        ObjectNode n = pdb.node();
        PdbMath.Result r = pdbResult(n, namespace);
        ObjectNode status = Json.with(n, "status");
        ObjectNode want = status.deepCopy();
        want.put("currentHealthy", r.currentHealthy());
        want.put("desiredHealthy", r.desiredHealthy());
        want.put("disruptionsAllowed", r.disruptionsAllowed());
        want.put("expectedPods", r.expectedPods());
        want.put("observedGeneration", n.path("metadata").path("generation").asLong(1));
        if (!want.equals(status)) {
          n.set("status", want);
          put(ResourceType.PDB, n, "MODIFIED");
        }
      }
    } finally {
      recomputing = false;
    }
  }

  PdbMath.Result pdbResult(ObjectNode pdb, String namespace) {
    Predicate<Map<String, String>> sel = PdbMath.selector(pdb.path("spec").path("selector"));
    int expected = 0;
    int healthy = 0;
    for (Obj p : view(ResourceType.POD, namespace).values()) {
      String phase = p.fields.get("status.phase");
      if ("Succeeded".equals(phase) || "Failed".equals(phase) || !sel.test(p.labels)) {
        continue;
      }
      expected++;
      if (p.healthy()) {
        healthy++;
      }
    }
    return PdbMath.compute(pdb.path("spec"), expected, healthy);
  }

  /** The eviction subresource: honours PDBs, then deletes the pod gracefully. */
  public synchronized Obj evict(String ns, String name, Long graceSeconds) {
    Obj pod = get(ResourceType.POD, ns, name);
    if (pod == null) {
      throw ApiException.notFound(ResourceType.POD, name);
    }
    if (pod.terminating()) {
      return pod;
    }
    String phase = pod.fields.get("status.phase");
    if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
      List<Obj> pdbs = new ArrayList<>();
      for (Obj pdb : view(ResourceType.PDB, ns).values()) {
        if (PdbMath.selector(pdb.node().path("spec").path("selector")).test(pod.labels)) {
          pdbs.add(pdb);
        }
      }
      if (pdbs.size() > 1) {
        throw new ApiException(
            500,
            "InternalError",
            "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
      }
      if (pdbs.size() == 1) {
        ObjectNode pdb = pdbs.get(0).node();
        PdbMath.Result r = pdbResult(pdb, ns);
        boolean allowed =
            pod.healthy()
                ? r.disruptionsAllowed() > 0
                : r.currentHealthy() >= r.desiredHealthy() && r.desiredHealthy() >= 0;
        if (!allowed) {
          ObjectNode details = Json.obj();
          ArrayNode causes = details.putArray("causes");
          ObjectNode c = causes.addObject();
          c.put("reason", "DisruptionBudget");
          c.put(
              "message",
              "The disruption budget "
                  + pdbs.get(0).name
                  + " needs "
                  + r.desiredHealthy()
                  + " healthy pods and has "
                  + r.currentHealthy()
                  + " currently");
          throw new ApiException(
              429,
              "TooManyRequests",
              "Cannot evict pod as it would violate the pod's disruption budget.",
              details);
        }
      }
    }
    return delete(ResourceType.POD, ns, name, graceSeconds);
  }

  /** Removes everything of a kind matching a filter, without grace (scenario use). */
  public synchronized int removeAll(ResourceType t, Predicate<Obj> filter) {
    int n = 0;
    for (Iterator<Obj> it = new ArrayList<>(maps.get(t).values()).iterator(); it.hasNext(); ) {
      Obj o = it.next();
      if (filter.test(o)) {
        remove(o);
        n++;
      }
    }
    return n;
  }
}
