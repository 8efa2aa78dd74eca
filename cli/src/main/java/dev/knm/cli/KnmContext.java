package dev.knm.cli;

import dev.knm.audit.AuditLog;
import dev.knm.audit.Operator;
import dev.knm.cli.options.GlobalOptions;
import dev.knm.cluster.ClusterService;
import dev.knm.crypto.EncryptionKey;
import dev.knm.crypto.KeyLoader;
import dev.knm.kube.KubeClusterProbe;
import dev.knm.kube.transport.KubeClientFactory;
import dev.knm.store.Store;
import dev.knm.store.StoreLocation;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What one knm invocation runs in: its environment, stdin, whether stdout is a terminal, and the
 * core services, built lazily (a command that needs no store never opens one) and closed at exit.
 */
public final class KnmContext implements AutoCloseable {
  private final Map<String, String> env;
  private final InputStream stdin;
  private final boolean terminal;
  private Store store;
  private ClusterService clusterService;
  private KubeClientFactory kubeClients;

  public KnmContext(Map<String, String> env, InputStream stdin, boolean terminal) {
    this.env = Map.copyOf(env);
    this.stdin = stdin;
    this.terminal = terminal;
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

  public Store store(GlobalOptions global) {
    if (store == null) {
      store = Store.open(StoreLocation.resolve(global.store, env));
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

  public EncryptionKey key(GlobalOptions global, Consumer<String> notices) {
    return KeyLoader.load(global.keyFile, env, notices);
  }

  public ClusterService clusterService(GlobalOptions global, Consumer<String> notices) {
    if (clusterService == null) {
      EncryptionKey key = key(global, notices);
      clusterService =
          new ClusterService(
              store(global),
              key,
              (name, yaml, depth) -> new KubeClusterProbe(kubeClients()).probe(name, yaml, depth),
              Clock.systemUTC());
    }
    return clusterService;
  }

  public int rotateKey(GlobalOptions global, Path newKeyFile, Consumer<String> notices) {
    EncryptionKey newKey;
    if (java.nio.file.Files.exists(newKeyFile)) {
      newKey = KeyLoader.load(newKeyFile, env, notices);
    } else {
      // written before the rotation: if it is interrupted, the old key is still the valid one
      newKey = EncryptionKey.generate();
      KeyLoader.writeKeyFile(newKeyFile, newKey);
    }
    return clusterService(global, notices).rotateKey(newKey);
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
