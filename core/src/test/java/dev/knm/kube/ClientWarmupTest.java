package dev.knm.kube;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class ClientWarmupTest {
  @Test
  void every_step_of_the_warm_up_works_without_a_network() {
    // given a JVM with no cluster to talk to (the warm-up never connects)
    // when / then: each step (TLS ClientHello, HTTPS handler, gzip, both list decoders) succeeds;
    // run() would swallow a failure, so warm() is what shows a step that broke
    assertThatCode(ClientWarmup::warm).doesNotThrowAnyException();
  }
}
