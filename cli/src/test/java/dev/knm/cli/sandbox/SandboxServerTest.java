package dev.knm.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SandboxServerTest {

  /**
   * `knm sandbox` suggests what the README's sandbox one-liner does next. When the README changes,
   * change {@link SandboxServer#NEXT_STEP} with it.
   */
  @Test
  void theHintIsWhatTheReadmesFirstCommandRuns() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String hint = SandboxServer.nextStep(Path.of("/tmp/knm-demo.kubeconfig"));
    // the README runs knm from the source tree
    assertThat(readme).contains(hint.replace("knm ", "./knm "));
  }
}
