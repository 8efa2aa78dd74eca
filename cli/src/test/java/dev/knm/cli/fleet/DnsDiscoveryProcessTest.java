package dev.knm.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.knm.cli.KnmProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery through the headless Service's DNS name without a cluster DNS: the knm process's JVM
 * resolves through a hosts file this test writes (-Djdk.net.hosts.file), which maps
 * knm.fleet-test.svc.cluster.local to three loopback addresses; an instance stand-in listens on
 * each, all on POD_PORT.
 */
class DnsDiscoveryProcessTest {
  private static final String TOKEN = "dns-discovery-token";

  @TempDir Path dir;

  @Test
  void broadcastReachesEveryAddressTheServiceNameResolvesTo() throws Exception {
    int port = freePortOnAll("127.0.0.2", "127.0.0.3", "127.0.0.4");
    List<String> calls = new CopyOnWriteArrayList<>();
    List<HttpServer> servers = new ArrayList<>();
    try {
      for (String ip : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
        servers.add(instance(ip, port, calls));
      }
      Path hosts = dir.resolve("hosts");
      Files.writeString(
          hosts,
          """
          # written by DnsDiscoveryProcessTest
          127.0.0.2 knm.fleet-test.svc.cluster.local
          127.0.0.3 knm.fleet-test.svc.cluster.local
          127.0.0.4 knm.fleet-test.svc.cluster.local
          """);
      Map<String, String> env =
          Map.of(
              "HOME",
              dir.toString(),
              "SERVICE_NAME",
              "knm",
              "POD_NAMESPACE",
              "fleet-test",
              "POD_PORT",
              String.valueOf(port),
              "KNM_RELOAD_TOKEN",
              TOKEN);

      try (KnmProcess knm =
          KnmProcess.start(
              dir,
              "broadcast",
              env,
              List.of("-Djdk.net.hosts.file=" + hosts),
              "broadcast-reload",
              "prod-eu",
              "--no-headers")) {
        assertThat(knm.waitFor(Duration.ofSeconds(60))).as(knm.err()).isZero();
        assertThat(knm.err())
            .startsWith(
                "found 3 instances from DNS knm.fleet-test.svc.cluster.local\n"
                    + "broadcasting reload of cluster/prod-eu to 3 instances\n");
        assertThat(knm.out().lines().map(l -> l.replaceAll("\\s+\\d+ms$", "")).toList())
            .containsExactly(
                "knm-2   127.0.0.2:" + port + "   ok (started)",
                "knm-3   127.0.0.3:" + port + "   ok (started)",
                "knm-4   127.0.0.4:" + port + "   ok (started)");
      }
      assertThat(calls)
          .containsExactlyInAnyOrder(
              "127.0.0.2 /api/v1/internal/clusters/prod-eu/reload Bearer " + TOKEN,
              "127.0.0.3 /api/v1/internal/clusters/prod-eu/reload Bearer " + TOKEN,
              "127.0.0.4 /api/v1/internal/clusters/prod-eu/reload Bearer " + TOKEN);
    } finally {
      servers.forEach(s -> s.stop(0));
    }
  }

  /** A stand-in instance answering as knm does, named after the last byte of its address. */
  private static HttpServer instance(String ip, int port, List<String> calls) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(ip), port), 10);
    s.createContext(
        "/",
        ex -> {
          calls.add(
              ip
                  + " "
                  + ex.getRequestURI().getPath()
                  + " "
                  + ex.getRequestHeaders().getFirst("Authorization"));
          byte[] body =
              ("{\"instance\":\"knm-"
                      + ip.substring(ip.lastIndexOf('.') + 1)
                      + "\",\"cluster\":\"prod-eu\",\"action\":\"started\"}\n")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    s.start();
    return s;
  }

  /** A port free on every one of the addresses (DNS discovery gives one port to all). */
  private static int freePortOnAll(String... ips) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(ips[0]))) {
        port = probe.getLocalPort();
      }
      boolean free = true;
      for (String ip : ips) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(ip))) {
          // free here
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return port;
      }
    }
    throw new IOException("no port free on all of " + String.join(", ", ips));
  }
}
