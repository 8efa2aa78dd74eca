package dev.knm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StoreWarmupTest {
  @Test
  void the_warm_up_runs_a_query_in_memory_and_writes_no_file() throws IOException {
    // given the working directory's files
    Path cwd = Path.of("").toAbsolutePath();
    long before = count(cwd);
    // when / then: warm() (what run() calls) opens a private in-memory H2 and queries it through
    // Jdbi with the store's parser; it throws if any step fails
    assertThatCode(StoreWarmup::warm).doesNotThrowAnyException();
    // and no database file appeared
    assertThat(count(cwd)).isEqualTo(before);
  }

  private static long count(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }
}
