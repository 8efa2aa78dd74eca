package dev.knm.drain;

import dev.knm.testing.TestStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class JournalH2Test extends JournalContract {
  @TempDir static Path dir;
  private static String url;

  @Override
  String url() {
    if (url == null) {
      url = TestStores.freshH2Url(dir);
    }
    return url;
  }
}
