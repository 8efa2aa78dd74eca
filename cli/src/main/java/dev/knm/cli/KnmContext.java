package dev.knm.cli;

import dev.knm.cli.options.GlobalOptions;
import dev.knm.cluster.ClusterService;
import dev.knm.crypto.EncryptionKey;
import dev.knm.crypto.KeyLoader;
import dev.knm.crypto.KeyResolver;
import dev.knm.crypto.PassphrasePrompt;
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
  private PassphrasePrompt prompt;
  private boolean mayCreateKeyFile = true;
  private Store store;
  private ClusterService clusterService;
  private KubeClientFactory kubeClients;

  public KnmContext(Map<String, String> env, InputStream stdin, boolean terminal) {
    this(env, stdin, terminal, null);
  }

  /**
   * @param prompt asks for a passphrase on the terminal (answers null when there is none); null:
   *     never ask
   */
  public KnmContext(
      Map<String, String> env, InputStream stdin, boolean terminal, PassphrasePrompt prompt) {
    this.env = Map.copyOf(env);
    this.stdin = stdin;
    this.terminal = terminal;
    this.prompt = prompt;
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
   * From now on, never ask for a passphrase nor create a key file (shell completion: fast and
   * without side effects).
   */
  public void withoutKeyPrompts() {
    prompt = null;
    mayCreateKeyFile = false;
  }

  public Store store(GlobalOptions global) {
    if (store == null) {
      store = Store.open(StoreLocation.resolve(global.store, env));
    }
    return store;
  }

  /** The cluster service; its key is had when it first seals or opens a kubeconfig. */
  public ClusterService clusterService(GlobalOptions global, Consumer<String> notices) {
    if (clusterService == null) {
      Store s = store(global);
      KeyResolver.Request request =
          new KeyResolver.Request(
              global.keyFile, global.passphraseFile, env, prompt, mayCreateKeyFile, notices);
      clusterService =
          new ClusterService(
              s,
              () -> KeyResolver.resolve(request, () -> ClusterService.passphraseParams(s)),
              (name, yaml, depth) -> new KubeClusterProbe(kubeClients()).probe(name, yaml, depth),
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
    StoreKey next;
    if (newPassphraseFile != null) {
      String origin = "--new-passphrase-file " + newPassphraseFile;
      next =
          KeyResolver.newPassphrase(KeyResolver.readPassphrase(newPassphraseFile, origin), origin);
    } else if (Files.exists(newKeyFile)) {
      next = StoreKey.of(KeyLoader.load(newKeyFile, env, notices), "--new-key-file");
    } else {
      // written before the rotation: if it is interrupted, the old key is still the valid one
      EncryptionKey key = EncryptionKey.generate();
      KeyLoader.writeKeyFile(newKeyFile, key);
      next = StoreKey.of(key, "--new-key-file");
    }
    return clusterService(global, notices).rotateKey(next);
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
