package dev.knm.cluster;

import dev.knm.testing.TestStores;

class ClusterSecurityPostgresTest extends ClusterSecurityContract {
  private static String url;

  @Override
  String url() {
    if (url == null) {
      url = TestStores.freshPostgresUrl();
    }
    return url;
  }
}
