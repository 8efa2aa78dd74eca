package dev.knm.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorTextTest {
  @Test
  void oneScrubbedPrintableLine() {
    SecretScrubber s = SecretScrubber.of(List.of("abc-secret\r\nxyz-secret"));
    // scrubbed before it is cut at the first line break
    assertThat(
            ErrorText.of(
                new IllegalStateException("value Bearer abc-secret\r\nxyz-secret rest"), s))
        .isEqualTo("value Bearer *** rest");
    assertThat(ErrorText.of(new IllegalStateException("first line\nsecond line"), s))
        .isEqualTo("first line");
    assertThat(ErrorText.of(new IllegalStateException("bell\u0007 esc\u001b[2J"), s))
        .isEqualTo("bell? esc?[2J");
    assertThat(ErrorText.of(new IllegalStateException())).isEqualTo("IllegalStateException");
    assertThat(ErrorText.of(new IllegalStateException("x".repeat(2000))))
        .hasSize(ErrorText.MAX_LENGTH)
        .endsWith("...");
  }
}
