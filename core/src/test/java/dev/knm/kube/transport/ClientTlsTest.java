package dev.knm.kube.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class ClientTlsTest {

  @Test
  void chacha20_suites_come_first_and_no_suite_is_added_or_dropped() throws Exception {
    // given the JDK's default client context
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, null, null);
    List<String> defaults = Arrays.asList(ctx.getDefaultSSLParameters().getCipherSuites());

    // when
    List<String> ordered = Arrays.asList(ClientTls.chachaFirst(ctx).getCipherSuites());

    // then
    long chacha = defaults.stream().filter(s -> s.contains("CHACHA20")).count();
    assertThat(chacha).isPositive();
    assertThat(ordered).containsExactlyInAnyOrderElementsOf(defaults);
    assertThat(ordered.subList(0, (int) chacha)).allMatch(s -> s.contains("CHACHA20"));
    assertThat(ordered.get(0)).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    assertThat(ordered.subList((int) chacha, ordered.size()))
        .containsExactlyElementsOf(defaults.stream().filter(s -> !s.contains("CHACHA20")).toList());
  }
}
