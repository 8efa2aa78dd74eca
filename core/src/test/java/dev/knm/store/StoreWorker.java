package dev.knm.store;

import dev.knm.cluster.ClusterQuery;
import dev.knm.cluster.ClusterService;
import dev.knm.cluster.ImportRequest;
import dev.knm.cluster.kubeconfig.KubeconfigSource;
import dev.knm.crypto.EncryptionKey;
import dev.knm.crypto.Sealer;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * A separate knm-like process for the multi-process tests. {@code work URL W N}: imports N clusters
 * named wW-i, lists after each, soft-deletes every third. {@code flyway URL}: opens the store,
 * reads once and prints whether Flyway was loaded.
 */
public final class StoreWorker {
  static final String KUBECONFIG =
      """
      apiVersion: v1
      kind: Config
      current-context: c
      clusters: [{name: c, cluster: {server: "https://10.0.0.1:6443"}}]
      users: [{name: u, user: {token: abc}}]
      contexts: [{name: c, context: {cluster: c, user: u}}]
      """;

  static long START;
  static long OPENED;

  public static void main(String[] args) throws Exception {
    START = System.currentTimeMillis();
    try (Store store = Store.open(args[1])) {
      OPENED = System.currentTimeMillis();
      if (args[0].equals("flyway")) {
        store.read(h -> null);
        Method m = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
        m.setAccessible(true);
        Object c = m.invoke(StoreWorker.class.getClassLoader(), "org.flywaydb.core.Flyway");
        System.out.println("flyway-loaded=" + (c != null));
        return;
      }
      if (args[0].equals("list")) {
        // for timing a whole list process by hand: prints how many clusters it listed
        int n = ClusterServiceFactory.service(store).list(ClusterQuery.all()).items().size();
        long again = System.currentTimeMillis();
        ClusterServiceFactory.service(store).list(ClusterQuery.all());
        System.err.println("second-list(ms)=" + (System.currentTimeMillis() - again));
        System.out.println("listed=" + n);
        System.err.println(
            "jvm-to-main(ms)="
                + (START - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime())
                + " open(ms)="
                + (OPENED - START)
                + " list(ms)="
                + (again - OPENED));
        return;
      }
      int w = Integer.parseInt(args[2]);
      int n = Integer.parseInt(args[3]);
      ClusterService service = ClusterServiceFactory.service(store);
      for (int i = 0; i < n; i++) {
        String name = "w" + w + "-" + i;
        service.importClusters(
            new ImportRequest(
                name,
                new KubeconfigSource("k", KUBECONFIG.getBytes(StandardCharsets.UTF_8), null),
                null,
                false,
                Map.of("worker", "w" + w),
                null,
                false,
                false));
        if (service
            .list(new ClusterQuery(null, Map.of("worker", "w" + w), null, 1, 1000))
            .items()
            .stream()
            .noneMatch(v -> v.cluster().name().equals(name))) {
          throw new AssertionError(name + " not listed after import");
        }
        if (i % 3 == 2) {
          service.remove(name, false);
        }
      }
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }

  private StoreWorker() {}

  static final class ClusterServiceFactory {
    static ClusterService service(Store store) {
      return new ClusterService(
          store,
          new Sealer(new EncryptionKey(new byte[32])),
          (name, yaml, depth, deadline) -> {
            throw new AssertionError("no probe expected");
          },
          Clock.systemUTC());
    }
  }
}
