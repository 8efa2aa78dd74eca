package dev.knm.cli.node;

import dev.knm.store.Store;
import java.util.ArrayList;
import java.util.List;

/** Every row of the store's tables as text: compare before and after a command. */
final class StoreRows {
  private StoreRows() {}

  static List<String> dump(String url) {
    try (Store store = Store.open(url)) {
      return store.read(
          h -> {
            List<String> out = new ArrayList<>();
            for (String table :
                List.of(
                    "clusters",
                    "cluster_labels",
                    "cluster_states",
                    "drains",
                    "drain_nodes",
                    "drain_pods",
                    "audit_log")) {
              for (var row : h.createQuery("SELECT * FROM " + table).mapToMap().list()) {
                row.replaceAll((k, v) -> v instanceof byte[] b ? b.length + " bytes" : v);
                out.add(table + ": " + new java.util.TreeMap<>(row));
              }
            }
            out.sort(null);
            return out;
          });
    }
  }
}
