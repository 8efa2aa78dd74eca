package dev.knm.cli;

import dev.knm.audit.AuditLog;
import dev.knm.audit.Operator;
import dev.knm.cli.options.GlobalOptions;
import dev.knm.cluster.ClusterService;
import dev.knm.crypto.EncryptionKey;
import dev.knm.crypto.KeyLoader;
import dev.knm.crypto.KeyResolver;
import dev.knm.crypto.PassphrasePrompt;
import dev.knm.crypto.PendingKeyFile;
import dev.knm.crypto.StoreKey;
import dev.knm.kube.KubeClusterProbe;
import dev.knm.kube.transport.KubeClientFactory;
import dev.knm.store.Store;
import dev.knm.store.StoreLocation;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What one knm invocation runs in: its environment, stdin, whether stdout is a terminal, how to ask
 * for a passphrase, and the core services, built lazily (a command that needs no store never opens
 * one, one that decrypts nothing never reads the key) and closed at exit.
 */
public final class KnmContext implements AutoCloseable {
  private final Map<String, String> env;
  private final InputStream stdin;
  private final boolean terminal;
  private final long startNanos;
  private PassphrasePrompt prompt;
  private boolean mayCreateKeyFile = true;
  private Store store;
  private ClusterService clusterService;
  private KubeClientFactory kubeClients;

  public KnmContext(Map<String, String> env, InputStream stdin, boolean terminal) {
    this(env, stdin, terminal, null, System.nanoTime());
  }

  /**
   * @param prompt asks for a passphrase on the terminal (answers null when there is none); null:
   *     never ask
   * @param startNanos when the invocation started ({@link System#nanoTime()} scale): the process's
   *     start for a real run, so JVM start-up counts against the command's deadline
   */
  public KnmContext(
      Map<String, String> env,
      InputStream stdin,
      boolean terminal,
      PassphrasePrompt prompt,
      long startNanos) {
    this.env = Map.copyOf(env);
    this.stdin = stdin;
    this.terminal = terminal;
    this.prompt = prompt;
    this.startNanos = startNanos;
  }

  public Map<String, String> env() {
    return env;
  }

  public InputStream stdin() {
    return stdin;
  }

  public boolean terminal() {
    return terminal;
  }

  /**
   * When this invocation started ({@link System#nanoTime()}): commands' deadlines count from it.
   */
  public long startNanos() {
    return startNanos;
  }

  /**
   * From now on, never ask for a passphrase nor create a key file (shell completion: fast and
   * without side effects).
   */
  public void withoutKeyPrompts() {
    prompt = null;
    mayCreateKeyFile = false;
  }

  public Store store(GlobalOptions global) {
    return store(global, true);
  }

  /**
   * The store; with {@code mayCreate} false (commands that only use one) a store given by --store
   * or KNM_STORE that does not exist is an error, not a new empty store. The default location is
   * created on first use by any command, as documented.
   */
  public Store store(GlobalOptions global, boolean mayCreate) {
    if (store == null) {
      StoreLocation location = StoreLocation.resolve(global.store, env);
      store = Store.open(location, mayCreate || location.defaultLocation());
    }
    return store;
  }

  /** The audit log of mutating commands, in the store. */
  public AuditLog auditLog(GlobalOptions global) {
    return new AuditLog(store(global), Clock.systemUTC());
  }

  /** Who runs this knm: the OS user, the host and the pid. */
  public Operator operator() {
    return Operator.current();
  }

  /** The cluster service; its key is had when it first seals or opens a kubeconfig. */
  public ClusterService clusterService(GlobalOptions global, Consumer<String> notices) {
    return clusterService(global, notices, true);
  }

  /** As above; {@code mayCreateStore} as for {@link #store(GlobalOptions, boolean)}. */
  public ClusterService clusterService(
      GlobalOptions global, Consumer<String> notices, boolean mayCreateStore) {
    if (clusterService == null) {
      // the store first: a store that cannot be used must not leave a new key file behind
      Store s = store(global, mayCreateStore);
      KeyResolver.Request request =
          new KeyResolver.Request(
              global.keyFile, global.passphraseFile, env, prompt, mayCreateKeyFile, notices);
      clusterService =
          new ClusterService(
              s,
              () -> KeyResolver.resolve(request, () -> ClusterService.passphraseParams(s)),
              (name, yaml, depth, deadline) ->
                  new KubeClusterProbe(kubeClients()).probe(name, yaml, depth, deadline),
              Clock.systemUTC());
    }
    return clusterService;
  }

  /**
   * Re-seals the store with a new key: a key file's (created if it does not exist) or a new
   * passphrase's (exactly one of the two is given).
   */
  public int rotateKey(
      GlobalOptions global, Path newKeyFile, Path newPassphraseFile, Consumer<String> notices) {
    ClusterService service = clusterService(global, notices, false);
    if (newPassphraseFile != null) {
      String origin = "--new-passphrase-file " + newPassphraseFile;
      return service.rotateKey(
          KeyResolver.newPassphrase(KeyResolver.readPassphrase(newPassphraseFile, origin), origin));
    }
    if (Files.exists(newKeyFile)) {
      return service.rotateKey(
          StoreKey.of(KeyLoader.load(newKeyFile, env, notices), "--new-key-file"));
    }
    // a new key goes to a hidden file next to NEW_KEY and is moved there only once the store is
    // re-sealed: a rotation that fails leaves no key file behind (and an interrupted one never
    // loses the key: it is in the hidden file)
    EncryptionKey key = EncryptionKey.generate();
    try (PendingKeyFile pending = PendingKeyFile.write(newKeyFile, key)) {
      int rows = service.rotateKey(StoreKey.of(key, "--new-key-file"));
      pending.commit();
      return rows;
    }
  }

  /**
   * The Kubernetes client factory, made on first use: loading fabric8 and Jackson costs hundreds of
   * milliseconds on a cold JVM, which commands that only read the store must not pay.
   */
  public KubeClientFactory kubeClients() {
    if (kubeClients == null) {
      kubeClients = KubeClientFactory.standard();
    }
    return kubeClients;
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
