package dev.knm.drain;

import dev.knm.testing.TestStores;

class JournalPostgresTest extends JournalContract {
  private static String url;

  @Override
  String url() {
    if (url == null) {
      url = TestStores.freshPostgresUrl();
    }
    return url;
  }
}
