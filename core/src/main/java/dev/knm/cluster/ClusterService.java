package dev.knm.cluster;

import dev.knm.cluster.kubeconfig.Credentials;
import dev.knm.cluster.kubeconfig.FlatKubeconfig;
import dev.knm.cluster.kubeconfig.Kubeconfig;
import dev.knm.crypto.EncryptionKey;
import dev.knm.crypto.PassphraseParams;
import dev.knm.crypto.Sealer;
import dev.knm.crypto.StoreKey;
import dev.knm.error.AlreadyExistsException;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.ErrorText;
import dev.knm.error.InvalidInputException;
import dev.knm.error.KeyMismatchException;
import dev.knm.error.KnmException;
import dev.knm.error.NotFoundException;
import dev.knm.error.SecretScrubber;
import dev.knm.error.StoreException;
import dev.knm.error.UnusableKubeconfigException;
import dev.knm.error.UsageException;
import dev.knm.store.ClusterChange;
import dev.knm.store.ClusterChanges;
import dev.knm.store.ClusterDao;
import dev.knm.store.ClusterReads;
import dev.knm.store.ClusterRow;
import dev.knm.store.KeyParamsDao;
import dev.knm.store.Store;
import dev.knm.store.StoredCluster;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Imports, lists, refreshes, describes and removes clusters. Kubeconfigs are stored sealed
 * (AES-256-GCM, see {@link Sealer}); everything else is in clear so lists never need the key. The
 * key is had on first use ({@code keys} is asked once): a command that decrypts nothing neither
 * reads nor creates it.
 */
public final class ClusterService {
  private final Store store;
  private final ClusterProbe probe;
  private final Clock clock;
  private final Supplier<StoreKey> keys;
  private volatile StoreKey storeKey;
  private volatile Sealer sealer;

  public ClusterService(Store store, Supplier<StoreKey> keys, ClusterProbe probe, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.probe = probe;
    this.clock = clock;
  }

  public ClusterService(Store store, Sealer sealer, ClusterProbe probe, Clock clock) {
    this(store, () -> StoreKey.of(sealer.key(), "a given key"), probe, clock);
  }

  public ClusterService(Store store, EncryptionKey key, ClusterProbe probe, Clock clock) {
    this(store, new Sealer(key), probe, clock);
  }

  /** The key id of the key this service seals with (has the key). */
  public String keyId() {
    return sealer().keyId();
  }

  private Sealer sealer() {
    Sealer s = sealer;
    if (s == null) {
      synchronized (this) {
        if (sealer == null) {
          StoreKey k = keys.get();
          storeKey = k;
          sealer = new Sealer(k.key());
        }
        s = sealer;
      }
    }
    return s;
  }

  /** The store's passphrase parameters, if it is sealed with a passphrase (no key needed). */
  public static java.util.Optional<PassphraseParams> passphraseParams(Store store) {
    // plain JDBC: the commands that talk to clusters never set Jdbi up (ClassLoadingTest)
    return store.readJdbc(KeyParamsDao::find);
  }

  private record Entry(String name, FlatKubeconfig flat, ProbeResult probed, UUID freshId) {}

  /** {@link #importClusters(ImportRequest, Deadline)} without a deadline. */
  public List<ClusterView> importClusters(ImportRequest req) {
    return importClusters(req, Deadline.none());
  }

  /**
   * Imports one context (or every context) of a kubeconfig. Verifies each first (unless {@code
   * verify} is false: /version must answer, then the nodes are counted, all within {@code
   * deadline}, {@link #IMPORT_CONCURRENCY} contexts at a time) and stores all of them in one
   * transaction.
   *
   * @throws UsageException for an invalid name or label
   * @throws AlreadyExistsException when a live cluster has the name and overwrite is false
   * @throws ClusterUnreachableException when verification fails (nothing is stored)
   * @throws InvalidInputException when a certificate or key in the kubeconfig cannot be used
   */
  public List<ClusterView> importClusters(ImportRequest req, Deadline deadline) {
    Names.requireClusterName(req.name());
    Names.requireLabels(req.labels());
    Names.requireDescription(req.description());
    Kubeconfig kubeconfig = Kubeconfig.parse(req.source());
    Map<String, FlatKubeconfig> flats = new LinkedHashMap<>();
    if (req.allContexts()) {
      for (String context : kubeconfig.contextNames()) {
        String name = req.name() + "-" + Names.sanitize(context);
        Names.requireClusterName(name);
        if (flats.put(name, kubeconfig.flatten(context)) != null) {
          throw new UsageException(
              "contexts of the kubeconfig map to the same cluster name '" + name + "'");
        }
      }
    } else {
      flats.put(req.name(), kubeconfig.flatten(req.context()));
    }
    Map<String, ProbeResult> probed = req.verify() ? verify(req, flats, deadline) : Map.of();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, FlatKubeconfig> e : flats.entrySet()) {
      entries.add(new Entry(e.getKey(), e.getValue(), probed.get(e.getKey()), UUID.randomUUID()));
    }
    Sealer s = sealer();
    StoreKey k = storeKey;
    Instant now = clock.instant();
    for (int attempt = 1; ; attempt++) {
      try {
        return storeAll(entries, req, s, k, now);
      } catch (StoreException e) {
        // PostgreSQL: a concurrent import took a name between this one's check and its insert.
        // Run again: the check now sees that import's row (already exists, or --overwrite).
        if (attempt >= 3 || !ClusterDao.isLiveNameConflict(e)) {
          throw e;
        }
      }
    }
  }

  private List<ClusterView> storeAll(
      List<Entry> entries, ImportRequest req, Sealer s, StoreKey k, Instant now) {
    return store.inTransaction(
        h -> {
          ClusterDao dao = h.attach(ClusterDao.class);
          requireSameKey(dao, s);
          KeyParamsDao params = h.attach(KeyParamsDao.class);
          requireStoreKey(params, s);
          if (k != null && k.newParams() != null && params.find().isEmpty()) {
            params.put(k.newParams(), now); // a new passphrase: it opens this store from now on
          }
          List<UUID> ids = new ArrayList<>();
          for (Entry e : entries) {
            ids.add(store(dao, s, e, req, now));
            announce(h, new ClusterChange(ClusterChange.IMPORT, e.name()));
          }
          List<ClusterView> views = new ArrayList<>();
          for (UUID id : ids) {
            views.add(view(dao, dao.findById(id).orElseThrow()));
          }
          return views;
        });
  }

  /** Contexts verified at once by an import of several. */
  static final int IMPORT_CONCURRENCY = 8;

  /**
   * A probe whose failure's text and cause are scrubbed of this kubeconfig's secrets (the server's
   * answer or an I/O error may quote them).
   */
  private ProbeResult scrubbed(
      String name, String yaml, ClusterProbe.Depth depth, Deadline deadline) {
    try {
      return probe.probe(name, yaml, depth, deadline);
    } catch (ClusterUnreachableException e) {
      SecretScrubber scrubber = Credentials.scrubber(yaml);
      throw new ClusterUnreachableException(
          e.cluster(), ErrorText.of(e, scrubber), scrubber.scrub(e.getCause()));
    }
  }

  /**
   * Probes every context to import (/version, then the node counts), in parallel, within the
   * deadline. The first context (in the kubeconfig's order) that failed fails the import; nothing
   * is stored then.
   */
  private Map<String, ProbeResult> verify(
      ImportRequest req, Map<String, FlatKubeconfig> flats, Deadline deadline) {
    List<ClusterFanOut.Job<ProbeResult>> jobs = new ArrayList<>();
    flats.forEach(
        (name, flat) ->
            jobs.add(
                new ClusterFanOut.Job<>(
                    name,
                    deadline,
                    () ->
                        scrubbed(
                            name, flat.yaml(), ClusterProbe.Depth.VERSION_THEN_NODES, deadline))));
    Map<String, ProbeResult> results = new LinkedHashMap<>();
    FanOutResult outcome =
        new ClusterFanOut(IMPORT_CONCURRENCY)
            .run(jobs, a -> results.put(a.cluster(), a.ok() ? a.value() : null));
    for (Map.Entry<String, FlatKubeconfig> e : flats.entrySet()) {
      RuntimeException failure = outcome.failures().get(e.getKey());
      if (failure instanceof UnusableKubeconfigException u) {
        // nothing is stored yet: say what is wrong with the file being imported
        throw new InvalidInputException(
            "context '"
                + e.getValue().context()
                + "' in kubeconfig "
                + req.source().origin()
                + ": "
                + u.problem()
                + "; nothing was stored");
      }
      if (failure != null) {
        throw failure;
      }
    }
    return results;
  }

  /** Refuses to seal with a key other than the one the store's rows are sealed with. */
  private static void requireSameKey(ClusterDao dao, Sealer s) {
    List<String> others = dao.otherKeyIds(s.keyId());
    if (!others.isEmpty()) {
      throw new KeyMismatchException(
          "the store is sealed with key "
              + String.join(", ", others)
              + " but the current key is "
              + s.keyId()
              + ": check --key-file, KNM_KEY_FILE or KNM_ENCRYPTION_KEY; nothing was stored");
    }
  }

  /** Refuses a key other than the one a passphrase-sealed store's parameters give. */
  private static void requireStoreKey(KeyParamsDao params, Sealer s) {
    params
        .find()
        .filter(p -> !p.keyId().equals(s.keyId()))
        .ifPresent(
            p -> {
              throw new KeyMismatchException(
                  "the store is sealed with a passphrase (key "
                      + p.keyId()
                      + ") but the current key is "
                      + s.keyId()
                      + ": give --passphrase-file or KNM_PASSPHRASE_FILE; nothing was stored");
            });
  }

  private UUID store(ClusterDao dao, Sealer s, Entry e, ImportRequest req, Instant now) {
    Optional<ClusterRow> existing = dao.findLive(e.name());
    UUID id;
    byte[] plain = e.flat().yaml().getBytes(StandardCharsets.UTF_8);
    if (existing.isPresent() && existing.get().id().equals(e.freshId())) {
      return e.freshId(); // applied by an earlier attempt whose commit was not acknowledged
    }
    if (existing.isPresent()) {
      if (!req.overwrite()) {
        throw new AlreadyExistsException(
            "cluster '" + e.name() + "' already exists; use --overwrite to replace it");
      }
      id = existing.get().id();
      dao.replace(
          id,
          req.description(),
          e.flat().server(),
          e.flat().context(),
          s.seal(id, plain),
          s.keyId(),
          now);
    } else {
      id = e.freshId();
      dao.insert(
          id,
          e.name(),
          req.description(),
          e.flat().server(),
          e.flat().context(),
          s.seal(id, plain),
          s.keyId(),
          now);
    }
    dao.replaceLabels(id, req.labels());
    ProbeResult p = e.probed();
    dao.putState(
        p == null
            ? ClusterState.unknown(id)
            : new ClusterState(
                id,
                statusOf(p),
                p.nodeCount(),
                p.readyNodes(),
                p.cpuMillis(),
                p.memoryBytes(),
                p.gpus(),
                p.kubernetesVersion(),
                now,
                p.nodesError() == null
                    ? null
                    : ErrorText.line(p.nodesError(), Credentials.scrubber(e.flat().yaml())),
                now,
                0));
    return id;
  }

  /** One page of live clusters matching every filter, ordered by name, with the total count. */
  public Page<ClusterView> list(ClusterQuery q) {
    return store.readJdbc(
        c -> {
          // the hot path of `knm list`: plain JDBC, Jdbi is not even set up
          List<ClusterView> items =
              ClusterReads.list(c, q).stream().map(ClusterService::view).toList();
          long total =
              items.size() < q.limit() && q.page() <= 1 ? items.size() : ClusterReads.count(c, q);
          return new Page<>(items, q.page(), q.limit(), total);
        });
  }

  /** {@link #refresh(ClusterQuery, int, Function)} without deadlines. */
  public RefreshResult refresh(ClusterQuery q, int concurrency) {
    return refresh(q, concurrency, v -> Deadline.none());
  }

  /**
   * Probes every selected cluster (nodes included), {@code concurrency} at a time through {@link
   * ClusterFanOut}, each within its deadline, and records each state as it answers. A cluster that
   * fails is recorded UNREACHABLE (keeping its last good figures) and reported in the result;
   * individual failures never throw.
   *
   * @param deadlines each cluster's deadline (from the command's, by its size)
   */
  public RefreshResult refresh(
      ClusterQuery q, int concurrency, Function<ClusterView, Deadline> deadlines) {
    List<ClusterView> selected = list(q).items();
    List<ClusterFanOut.Job<ProbeResult>> jobs = new ArrayList<>();
    Map<String, ClusterView> byName = new LinkedHashMap<>();
    Map<String, String> yamls = new LinkedHashMap<>();
    // not probed: the stored row could not be opened; among them, unopened: another key or
    // altered data (a store or key problem, not the cluster's)
    Set<String> notProbed = new java.util.HashSet<>();
    Set<String> unopened = new java.util.TreeSet<>();
    for (ClusterView v : selected) {
      String name = v.cluster().name();
      byName.put(name, v);
      Deadline deadline = deadlines.apply(v);
      ClusterFanOut.Job<ProbeResult> job;
      try {
        String yaml = decrypt(name).yaml();
        yamls.put(name, yaml);
        job =
            new ClusterFanOut.Job<>(
                name, deadline, () -> scrubbed(name, yaml, ClusterProbe.Depth.NODES, deadline));
      } catch (KnmException e) {
        notProbed.add(name);
        if (e instanceof StoreException) {
          unopened.add(name);
        }
        job =
            new ClusterFanOut.Job<>(
                name,
                deadline,
                () -> {
                  throw e;
                });
      }
      jobs.add(job);
    }
    FanOutResult outcome =
        new ClusterFanOut(concurrency)
            .run(
                jobs,
                a -> {
                  ClusterView v = byName.get(a.cluster());
                  if (notProbed.contains(a.cluster())) {
                    return; // not the server's doing: the state stays as it was
                  }
                  // the one text for both the user and the store, without this kubeconfig's
                  // secrets
                  String why =
                      a.ok()
                          ? null
                          : ErrorText.of(a.failure(), Credentials.scrubber(yamls.get(a.cluster())));
                  ClusterState next =
                      nextState(v.state(), v.cluster().id(), a.value(), a.failure(), why);
                  store.inTransaction(
                      h -> {
                        ClusterDao dao = h.attach(ClusterDao.class);
                        if (dao.findById(next.clusterId())
                            .map(r -> r.deletedAt() == null)
                            .orElse(false)) {
                          dao.putState(next);
                        }
                        return null;
                      });
                });
    List<ClusterView> fresh =
        store.read(
            h -> {
              ClusterDao dao = h.attach(ClusterDao.class);
              List<ClusterView> out = new ArrayList<>();
              for (ClusterView v : selected) {
                dao.findById(v.cluster().id())
                    .filter(r -> r.deletedAt() == null)
                    .ifPresent(r -> out.add(view(dao, r)));
              }
              out.sort(Comparator.comparing(v -> v.cluster().name()));
              return out;
            });
    return new RefreshResult(fresh, outcome, unopened);
  }

  /** Degraded when some nodes are known not Ready, else Ready. */
  private static ClusterStatus statusOf(ProbeResult result) {
    return result.nodeCount() != null
            && result.readyNodes() != null
            && result.readyNodes() < result.nodeCount()
        ? ClusterStatus.DEGRADED
        : ClusterStatus.READY;
  }

  private ClusterState nextState(
      ClusterState previous, UUID id, ProbeResult result, Throwable failure, String why) {
    Instant now = clock.instant();
    if (failure == null) {
      return new ClusterState(
          id,
          statusOf(result),
          result.nodeCount(),
          result.readyNodes(),
          result.cpuMillis(),
          result.memoryBytes(),
          result.gpus(),
          result.kubernetesVersion(),
          now,
          null,
          now,
          previous.timeoutCount());
    }
    return new ClusterState(
        id,
        ClusterStatus.UNREACHABLE,
        previous.nodeCount(),
        previous.readyNodes(),
        previous.cpuMillis(),
        previous.memoryBytes(),
        previous.gpus(),
        previous.kubernetesVersion(),
        previous.lastHeartbeat(),
        why,
        now,
        previous.timeoutCount() + (isTimeout(failure) ? 1 : 0));
  }

  /**
   * Records what a running watch sees of a live cluster (its health worker), from the watch's cache
   * without any API call: with no {@code error}, the figures of {@code seen} and {@code heartbeat}
   * (when the server last sent something); with one, UNREACHABLE and the error, keeping the last
   * figures and heartbeat. The timeout count is kept. A cluster removed meanwhile is skipped.
   *
   * @return false when the cluster is not (or no longer) in the store
   */
  public boolean recordObserved(String name, ProbeResult seen, Instant heartbeat, String error) {
    Instant now = clock.instant();
    return store.inTransaction(
        h -> {
          ClusterDao dao = h.attach(ClusterDao.class);
          Optional<ClusterRow> row = dao.findLive(name);
          if (row.isEmpty()) {
            return false;
          }
          UUID id = row.get().id();
          ClusterState previous = dao.state(id).orElse(ClusterState.unknown(id));
          ClusterState next;
          if (error == null) {
            ClusterStatus status =
                seen.readyNodes() != null
                        && seen.nodeCount() != null
                        && seen.readyNodes() < seen.nodeCount()
                    ? ClusterStatus.DEGRADED
                    : ClusterStatus.READY;
            next =
                new ClusterState(
                    id,
                    status,
                    seen.nodeCount(),
                    seen.readyNodes(),
                    seen.cpuMillis(),
                    seen.memoryBytes(),
                    seen.gpus(),
                    seen.kubernetesVersion() != null
                        ? seen.kubernetesVersion()
                        : previous.kubernetesVersion(),
                    heartbeat,
                    null,
                    now,
                    previous.timeoutCount());
          } else {
            next =
                new ClusterState(
                    id,
                    ClusterStatus.UNREACHABLE,
                    previous.nodeCount(),
                    previous.readyNodes(),
                    previous.cpuMillis(),
                    previous.memoryBytes(),
                    previous.gpus(),
                    previous.kubernetesVersion(),
                    previous.lastHeartbeat(),
                    ErrorText.line(error, SecretScrubber.generic()),
                    now,
                    previous.timeoutCount());
          }
          dao.putState(next);
          return true;
        });
  }

  static boolean isTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof HttpTimeoutException
          || c instanceof SocketTimeoutException
          || c instanceof TimeoutException
          || c instanceof java.io.InterruptedIOException) {
        return true;
      }
      String m = c.getMessage();
      if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The cluster with its state, user name and auth kinds. Opens the sealed kubeconfig, which proves
   * the key. Changes nothing.
   *
   * @throws NotFoundException for an unknown name
   * @throws KeyMismatchException when the cluster was sealed with another key
   * @throws dev.knm.error.TamperedDataException when the sealed data was altered
   */
  public ClusterDetails describe(String name) {
    StoredCluster sc = findOrThrow(name);
    FlatKubeconfig flat = openRow(sc.row());
    return new ClusterDetails(cluster(sc.row(), sc.labels()), sc.state(), flat.user(), flat.auth());
  }

  /** The decrypted flat kubeconfig of a live cluster (a secret: never print it). */
  public FlatKubeconfig open(String name) {
    return decrypt(name);
  }

  /**
   * The named live clusters (every live cluster, by name, when {@code names} is empty), in the
   * order given, each with its kubeconfig opened: one store operation for what a command that talks
   * to clusters needs. A row that cannot be opened (another key, altered data, a stored kubeconfig
   * that cannot be used) comes back with its failure instead of its kubeconfig.
   *
   * @throws NotFoundException for an unknown name, before any kubeconfig is decrypted
   */
  public List<OpenedCluster> openAll(List<String> names) {
    List<StoredCluster> rows =
        store.readJdbc(c -> ClusterReads.findLiveSealed(c, new LinkedHashSet<>(names)));
    Map<String, StoredCluster> byName = new LinkedHashMap<>();
    rows.forEach(r -> byName.put(r.row().name(), r));
    List<StoredCluster> wanted = new ArrayList<>();
    for (String name : names.isEmpty() ? List.copyOf(byName.keySet()) : names) {
      StoredCluster r = byName.get(name);
      if (r == null) {
        throw notFound(name);
      }
      wanted.add(r);
    }
    List<OpenedCluster> out = new ArrayList<>(wanted.size());
    for (StoredCluster r : wanted) {
      try {
        out.add(new OpenedCluster(view(r), openRow(r.row())));
      } catch (KnmException e) {
        out.add(new OpenedCluster(view(r), null, e)); // the others are still served
      }
    }
    return out;
  }

  private FlatKubeconfig decrypt(String name) {
    return openRow(findOrThrow(name).row());
  }

  private FlatKubeconfig openRow(ClusterRow row) {
    byte[] plain = sealer().open(row.name(), row.id(), row.keyId(), row.sealedKubeconfig());
    try {
      // the checks of an import again: a row stored by an older knm, or altered, that holds a
      // token which cannot be sent is refused here, before any request
      return Kubeconfig.read(
          "stored for cluster '" + row.name() + "'", new String(plain, StandardCharsets.UTF_8));
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.getMessage() + "; import it again");
    }
  }

  private StoredCluster findOrThrow(String name) {
    return store.read(
        h -> {
          ClusterDao dao = h.attach(ClusterDao.class);
          ClusterRow row = dao.findLive(name).orElseThrow(() -> notFound(name));
          return new StoredCluster(
              row,
              dao.labels(row.id()),
              dao.state(row.id()).orElse(ClusterState.unknown(row.id())));
        });
  }

  /**
   * Soft-deletes a cluster; with {@code purge} also erases its sealed kubeconfig for good, its
   * labels and its state.
   *
   * @throws NotFoundException for an unknown name
   */
  public void remove(String name, boolean purge) {
    AtomicReference<UUID> removed = new AtomicReference<>();
    store.inTransaction(
        h -> {
          ClusterDao dao = h.attach(ClusterDao.class);
          Optional<ClusterRow> row = dao.findLive(name);
          UUID id;
          if (row.isPresent()) {
            id = row.get().id();
            dao.softDelete(id, clock.instant());
          } else if (removed.get() != null) {
            id = removed.get(); // an earlier attempt committed without acknowledgement
          } else {
            throw notFound(name);
          }
          removed.set(id);
          announce(h, new ClusterChange(ClusterChange.REMOVE, name));
          if (purge) {
            dao.eraseSealed(id);
            dao.deleteLabels(id);
            dao.deleteState(id);
          }
          return null;
        });
  }

  /** Counts one more timeout against a live cluster (used by the Kubernetes layer). */
  public void recordTimeout(String name) {
    recordTimeouts(name, 1);
  }

  /**
   * Counts {@code n} more timeouts against a live cluster, in one store transaction (a command that
   * ends on timeouts should not pay one write per timeout on its way out).
   */
  public void recordTimeouts(String name, long n) {
    store.inTransaction(
        h -> {
          ClusterDao dao = h.attach(ClusterDao.class);
          ClusterRow row = dao.findLive(name).orElseThrow(() -> notFound(name));
          if (dao.addTimeouts(row.id(), n) == 0) {
            ClusterState u = ClusterState.unknown(row.id());
            dao.putState(
                new ClusterState(
                    u.clusterId(),
                    u.status(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    n));
          }
          return null;
        });
  }

  /**
   * Re-seals every stored kubeconfig (live and soft-deleted) with {@code newKey} in one
   * transaction, then seals with the new key from now on. An interruption leaves every row sealed
   * with the old key.
   *
   * @return the number of rows re-sealed
   * @throws KeyMismatchException when a row is not sealed with the current key (nothing changes)
   */
  public int rotateKey(EncryptionKey newKey) {
    return rotateKey(StoreKey.of(newKey, "a given key"), i -> {});
  }

  /**
   * As {@link #rotateKey(EncryptionKey)}, to a key file's key or a passphrase's: the store keeps
   * {@code newKey}'s passphrase parameters, or none when it is not a passphrase's.
   */
  public int rotateKey(StoreKey newKey) {
    return rotateKey(newKey, i -> {});
  }

  /** As {@link #rotateKey(StoreKey)}, calling {@code afterRow} after each row (tests). */
  int rotateKey(EncryptionKey newKey, IntConsumer afterRow) {
    return rotateKey(StoreKey.of(newKey, "a given key"), afterRow);
  }

  private int rotateKey(StoreKey newKey, IntConsumer afterRow) {
    Sealer current = sealer();
    Sealer next = new Sealer(newKey.key());
    Instant now = clock.instant();
    int count =
        store.inTransaction(
            h -> {
              ClusterDao dao = h.attach(ClusterDao.class);
              List<ClusterRow> rows = lockSealedRows(h, dao);
              KeyParamsDao params = h.attach(KeyParamsDao.class);
              requireStoreKey(params, current);
              if (newKey.newParams() != null) {
                params.put(newKey.newParams(), now);
              } else {
                params.delete();
              }
              for (ClusterRow r : rows) {
                if (!current.keyId().equals(r.keyId())) {
                  throw new KeyMismatchException(
                      "cannot rotate the key: cluster '"
                          + r.name()
                          + "' is sealed with key "
                          + r.keyId()
                          + ", not the current key "
                          + current.keyId()
                          + "; nothing was changed");
                }
              }
              int n = 0;
              for (ClusterRow r : rows) {
                byte[] plain = current.open(r.name(), r.id(), r.keyId(), r.sealedKubeconfig());
                dao.reseal(r.id(), next.seal(r.id(), plain), next.keyId());
                java.util.Arrays.fill(plain, (byte) 0);
                afterRow.accept(++n);
              }
              announce(h, new ClusterChange(ClusterChange.ROTATE_KEY, null));
              return n;
            });
    synchronized (this) {
      sealer = next;
      storeKey = StoreKey.of(newKey.key(), newKey.origin());
    }
    return count;
  }

  private static List<ClusterRow> lockSealedRows(Handle h, ClusterDao dao) {
    // lock every sealed row so that no import or rotation interleaves with this one
    h.createUpdate("UPDATE clusters SET key_id = key_id WHERE sealed_kubeconfig IS NOT NULL")
        .execute();
    return dao.allSealed();
  }

  /** Tells running instances, at this transaction's commit (PostgreSQL; see ClusterChanges). */
  private void announce(Handle h, ClusterChange change) {
    ClusterChanges.announce(h, store.dialect(), change);
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException("cluster '" + name + "' not found");
  }

  private static ClusterView view(ClusterDao dao, ClusterRow row) {
    return new ClusterView(
        cluster(row, dao.labels(row.id())),
        dao.state(row.id()).orElse(ClusterState.unknown(row.id())));
  }

  private static ClusterView view(StoredCluster sc) {
    return new ClusterView(cluster(sc.row(), sc.labels()), sc.state());
  }

  private static Cluster cluster(ClusterRow row, Map<String, String> labels) {
    return new Cluster(
        row.id(),
        row.name(),
        row.description(),
        labels,
        row.server(),
        row.contextName(),
        row.keyId(),
        row.createdAt(),
        row.updatedAt());
  }
}
