package dev.knm.kube.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsServer;
import dev.knm.kube.ClassLoadLog;
import dev.knm.kube.TestHttpsServer;
import dev.knm.kube.TestKubeconfigs;
import dev.knm.kube.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The point of the lean transport: a read over HTTPS with a CA and a token loads no fabric8 and no
 * Jackson class (a cold JVM pays ~0.5 s for them). Guards against an innocent-looking reference
 * (the verifier loads parameter types of calls in any loaded class) bringing them back.
 */
class LeanPathClassLoadingTest {
  @TempDir Path dir;

  @Test
  void a_lean_get_loads_neither_fabric8_nor_jackson() throws Exception {
    // when a GET succeeds
    ClassLoadLog r = leanGet("/version");
    // then
    assertThat(r.exit()).as(r.log()).isZero();
    assertThat(r.log()).contains("{\"gitVersion\":\"anonymous\"}");
    assertThat(r.log()).contains(" dev.knm.kube.transport.JdkApiTransport ");
    assertThat(r.loaded())
        .noneMatch(l -> l.contains(" io.fabric8."))
        .noneMatch(l -> l.contains(" com.fasterxml.jackson."))
        // java.net.http's selector thread would hold the JVM's exit for 300 ms (JdkApiTransport)
        .noneMatch(l -> l.contains(" jdk.internal.net.http.HttpClientImpl "));
  }

  @Test
  void an_error_status_is_read_without_jackson_databind() throws Exception {
    // when a GET gets an error status (a 410 or 429 in the middle of a listing, here a 404)
    ClassLoadLog r = leanGet("/no-such-path");
    // then the error is read (ApiStatus, jackson-core) without databind's ~0.3 s of classes
    assertThat(r.exit()).as(r.log()).isOne();
    assertThat(r.log()).contains("dev.knm.kube.transport.KubeApiException: Not Found\n");
    assertThat(r.loaded())
        .noneMatch(l -> l.contains(" io.fabric8."))
        .noneMatch(l -> l.contains(" com.fasterxml.jackson.databind."));
  }

  /** LeanGetMain in a fresh JVM with class loading logged. */
  private ClassLoadLog leanGet(String path) throws Exception {
    TestPki pki = new TestPki("class-loading-ca");
    HttpsServer server = TestHttpsServer.start(pki, pki.server("127.0.0.1"), false);
    try {
      Path kubeconfig =
          Files.writeString(
              dir.resolve("k.yaml"),
              TestKubeconfigs.token(
                  "https://127.0.0.1:" + server.getAddress().getPort(), pki.ca.certPem(), "t"));
      return ClassLoadLog.run(LeanGetMain.class, kubeconfig.toString(), path);
    } finally {
      server.stop(0);
    }
  }
}
