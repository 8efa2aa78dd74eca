package dev.knm.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.KnmProcess;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet mode as processes on loopback: four `knm watch --serve` instances sharing one PostgreSQL
 * store (embedded) and one sandbox cluster, driven by `knm import` / `knm remove` processes, with
 * and without discovery; the endpoints' refusals; SIGTERM during a reload. One PostgreSQL, one
 * sandbox and the same four instances for every test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetProcessTest {
  private static final String TOKEN = "fleet-process-token-" + System.nanoTime();
  private static final String KEY;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  static {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    KEY = Base64.getEncoder().encodeToString(k);
  }

  @TempDir static Path dir;
  private static EmbeddedPostgres postgres;
  private static Sandbox sandbox;
  private static Path kubeconfig;
  private static String storeUrl;
  private static final List<KnmProcess> instances = new ArrayList<>();
  private static final List<Integer> ports = new ArrayList<>();

  @BeforeAll
  static void startFleet() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    sandbox = Sandbox.start(SandboxOptions.builder().nodes(2).pods(0).build());
    kubeconfig = sandbox.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
    storeUrl = freshDatabase();
    for (int i = 0; i < 4; i++) {
      ports.add(freePort());
    }
    for (int i = 0; i < 4; i++) {
      Map<String, String> env = env("instance-" + i);
      env.put("POD_NAME", "knm-" + i);
      env.put("INSTANCE_ADDRESSES", addresses());
      instances.add(
          KnmProcess.start(
              dir,
              "knm-" + i,
              env,
              List.of(),
              "watch",
              "--all",
              "--serve",
              "127.0.0.1:" + ports.get(i),
              "--no-interactive"));
    }
    for (int i = 0; i < 4; i++) {
      awaitStatus(i, "/health/ready", 200, Duration.ofSeconds(90));
    }
  }

  @AfterAll
  static void stopFleet() throws IOException {
    instances.forEach(KnmProcess::close);
    if (sandbox != null) {
      sandbox.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static String freshDatabase() throws Exception {
    String db = "knm_fleet_" + DATABASES.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + db);
    }
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + db + "?user=postgres";
  }

  private static Map<String, String> env(String home) throws IOException {
    Path h = Files.createDirectories(dir.resolve(home));
    Map<String, String> env = new HashMap<>();
    env.put("HOME", h.toString());
    env.put("XDG_DATA_HOME", h.resolve("data").toString());
    env.put("XDG_CONFIG_HOME", h.resolve("config").toString());
    env.put("KNM_STORE", storeUrl);
    env.put("KNM_ENCRYPTION_KEY", KEY);
    env.put("KNM_RELOAD_TOKEN", TOKEN);
    return env;
  }

  private static String addresses() {
    return String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Status and body of a request to instance {@code i}. */
  private static String[] http(int i, String method, String path, String token, byte[] body)
      throws IOException {
    HttpURLConnection c =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + ports.get(i) + path).toURL().openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout(5000);
    c.setReadTimeout(30000);
    if (token != null) {
      c.setRequestProperty("Authorization", "Bearer " + token);
    }
    if (body != null) {
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(body.length);
      try (OutputStream o = c.getOutputStream()) {
        o.write(body);
      } catch (IOException e) {
        // the server may refuse (413) before reading it all
      }
    }
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    return new String[] {String.valueOf(status), text};
  }

  private static void awaitStatus(int i, String path, int status, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      if (!instances.get(i).alive()) {
        throw new AssertionError("knm-" + i + " exited: " + instances.get(i).err());
      }
      try {
        String[] r = http(i, "GET", path, null, null);
        if (r[0].equals(String.valueOf(status))) {
          return;
        }
        last = r[0] + " " + r[1];
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("knm-" + i + " " + path + " not " + status + ": " + last);
  }

  /** Waits until every instance's /api/v1/clusters does (or does not) list {@code cluster}. */
  private static Duration awaitAll(String cluster, boolean listed, Duration within)
      throws Exception {
    long start = System.nanoTime();
    boolean[] done = new boolean[4];
    while (true) {
      for (int i = 0; i < 4; i++) {
        if (!done[i]) {
          String body = http(i, "GET", "/api/v1/clusters", TOKEN, null)[1];
          done[i] = body.contains("\"name\" : \"" + cluster + "\"") == listed;
        }
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      if (done[0] && done[1] && done[2] && done[3]) {
        return took;
      }
      if (took.compareTo(within) > 0) {
        throw new AssertionError(
            "not every instance " + (listed ? "serves " : "dropped ") + cluster + " in " + within);
      }
      Thread.sleep(25);
    }
  }

  private static KnmProcess knm(String label, Map<String, String> env, String... args)
      throws Exception {
    KnmProcess p = KnmProcess.start(dir, label, env, List.of(), args);
    assertThat(p.waitFor(Duration.ofSeconds(90))).as(label + ": " + p.err()).isZero();
    return p;
  }

  @Test
  @Order(1)
  void everyInstanceFoundTheOthersButNotItself() throws Exception {
    for (int i = 0; i < 4; i++) {
      assertThat(instances.get(i).err())
          .contains("msg=\"found 3 instances from INSTANCE_ADDRESSES\"")
          .doesNotContain("127.0.0.1:" + ports.get(i) + ",")
          .doesNotMatch("(?s).*instances=\"?[^ ]*127\\.0\\.0\\.1:" + ports.get(i) + "\\b.*");
    }
  }

  @Test
  @Order(2)
  void anImportThroughOneInstanceReachesAllFourByBroadcastThenByNotifyAndRemoveToo()
      throws Exception {
    // given: a command run with instance 1's environment (INSTANCE_ADDRESSES set)
    Map<String, String> viaOne = env("cli-1");
    viaOne.put("POD_NAME", "knm-1");
    viaOne.put("INSTANCE_ADDRESSES", addresses());

    // when
    KnmProcess imported =
        knm("import-broadcast", viaOne, "import", "sb", "--kubeconfig", kubeconfig.toString());

    // then: every instance acknowledged, and serves it within 2 s of the import's end
    assertThat(imported.out()).isEqualTo("cluster/sb imported (v1.32.0-knm-sandbox)\n");
    assertThat(imported.err())
        .isEqualTo(
            "reload of cluster/sb acknowledged by 4 of 4 instances (from INSTANCE_ADDRESSES)\n");
    assertThat(awaitAll("sb", true, Duration.ofSeconds(2))).isLessThan(Duration.ofSeconds(2));

    // when: no discovery at all: LISTEN/NOTIFY alone
    Map<String, String> plain = env("cli-plain");
    KnmProcess quiet =
        knm("import-notify", plain, "import", "sb2", "--kubeconfig", kubeconfig.toString());
    assertThat(quiet.err()).isEmpty();
    assertThat(awaitAll("sb2", true, Duration.ofSeconds(2))).isLessThan(Duration.ofSeconds(2));

    // and remove
    KnmProcess removed = knm("remove-notify", plain, "remove", "sb2");
    assertThat(removed.out()).isEqualTo("cluster/sb2 removed\n");
    assertThat(awaitAll("sb2", false, Duration.ofSeconds(2))).isLessThan(Duration.ofSeconds(2));

    // the instances' own account: reloads by broadcast (http) and by notification
    for (int i = 0; i < 4; i++) {
      // (the informer stops before the line is written: wait for it)
      awaitLog(instances.get(i), "msg=\"reload ok\" cluster=sb2 trigger=notify action=stopped");
      assertThat(instances.get(i).err())
          .contains("msg=\"reload requested\" cluster=sb")
          .contains("msg=\"reload ok\" cluster=sb2 trigger=notify action=started");
    }
    // and the nodes, from the informer cache, as list nodes -o json
    awaitStatus(0, "/health/ready", 200, Duration.ofSeconds(30));
    String nodes = http(0, "GET", "/api/v1/clusters/sb/nodes", TOKEN, null)[1];
    assertThat(nodes).contains("\"kind\": \"NodeList\"").contains("\"cluster\": \"sb\"");
  }

  @Test
  @Order(3)
  void badRequestsAreRefusedChangeNothingAndNoSecretShows() throws Exception {
    String before = dumpClusters();
    String listBefore = http(2, "GET", "/api/v1/clusters", TOKEN, null)[1];
    String reload = "/api/v1/internal/clusters/sb/reload";

    assertThat(http(2, "POST", reload, null, new byte[0])[0]).isEqualTo("401");
    assertThat(http(2, "POST", reload, "not-the-token", new byte[0])[0]).isEqualTo("401");
    for (String bad : List.of("..%2Fx", "x".repeat(300), "")) {
      String[] r =
          http(2, "POST", "/api/v1/internal/clusters/" + bad + "/reload", TOKEN, new byte[0]);
      assertThat(r[0]).as(bad).isEqualTo("400");
      assertThat(r[1])
          .isEqualTo(
              "{\"instance\":\"knm-2\",\"error\":\"invalid cluster name: must be a DNS-1123"
                  + " label\"}\n");
    }
    assertThat(rawPost(2, "/api/v1/internal/clusters/../x/reload")).startsWith("HTTP/1.1 400 ");
    assertThat(http(2, "POST", reload, TOKEN, new byte[64 * 1024])[0]).isEqualTo("413");

    // nothing changed: the store, the instance's clusters, its reload count
    assertThat(dumpClusters()).isEqualTo(before);
    assertThat(http(2, "GET", "/api/v1/clusters", TOKEN, null)[1]).isEqualTo(listBefore);
    String metrics = http(2, "GET", "/metrics", null, null)[1];
    assertThat(metrics)
        .contains("knm_api_requests_rejected_total{reason=\"unauthorized\"} 2.0")
        .contains("knm_api_requests_rejected_total{reason=\"bad-name\"} 4.0")
        .contains("knm_api_requests_rejected_total{reason=\"too-large\"} 1.0")
        .contains("knm_instance_info{instance=\"knm-2\"} 1.0")
        .contains("knm_watched_nodes{cluster=\"sb\"} 2.0")
        .containsPattern(
            "knm_kube_api_request_duration_seconds_count\\{cluster=\"sb\",verb=\"get\"} [1-9]")
        .containsPattern(
            "knm_kube_api_request_duration_seconds_count\\{cluster=\"sb\",verb=\"watch\"} [1-9]");
    // no secret in any log line or metric: the reload token, the cluster's token, the key
    for (KnmProcess p : instances) {
      assertThat(p.err() + p.out())
          .doesNotContain(TOKEN)
          .doesNotContain("not-the-token")
          .doesNotContain(sandbox.token())
          .doesNotContain(KEY);
    }
    assertThat(metrics).doesNotContain(TOKEN).doesNotContain(sandbox.token()).doesNotContain(KEY);
  }

  private static String rawPost(int i, String target) throws IOException {
    try (Socket s = new Socket("127.0.0.1", ports.get(i))) {
      s.getOutputStream()
          .write(
              ("POST "
                      + target
                      + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + TOKEN
                      + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String dumpClusters() throws Exception {
    try (Connection c = DriverManager.getConnection(storeUrl);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT name, updated_at, deleted_at, key_id FROM clusters ORDER BY id")) {
      StringBuilder sb = new StringBuilder();
      while (rs.next()) {
        sb.append(rs.getString(1))
            .append(' ')
            .append(rs.getString(2))
            .append(' ')
            .append(rs.getString(3))
            .append(' ')
            .append(rs.getString(4))
            .append('\n');
      }
      return sb.toString();
    }
  }

  @Test
  @Order(4)
  void sigtermDuringAReloadLetsItFinishTurnsReadiness503AndExits0() throws Exception {
    int i = 3;
    KnmProcess knm3 = instances.get(i);
    try (Connection lock = DriverManager.getConnection(storeUrl);
        Statement st = lock.createStatement()) {
      // given: a reload in flight, held on the store (its table locked by another session)
      lock.setAutoCommit(false);
      st.execute("LOCK TABLE clusters IN ACCESS EXCLUSIVE MODE");
      CompletableFuture<String[]> reload =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return http(i, "POST", "/api/v1/internal/clusters/sb/reload", TOKEN, new byte[0]);
                } catch (IOException e) {
                  return new String[] {"io", e.toString()};
                }
              });
      awaitLog(knm3, "msg=\"reload requested\" cluster=sb remote=");

      // when: SIGTERM
      knm3.terminate();

      // then: readiness is 503 while the port is still open, the reload is still held
      awaitStatus(i, "/health/ready", 503, Duration.ofSeconds(10));
      assertThat(http(i, "GET", "/health/ready", null, null)[1]).isEqualTo("shutting down\n");
      assertThat(reload).isNotDone();
      assertThat(knm3.alive()).isTrue();
      lock.rollback(); // the store answers again
      String[] answer = reload.get();
      assertThat(answer[0]).as(answer[1]).isEqualTo("200");
      assertThat(answer[1])
          .matches(
              "\\{\"instance\":\"knm-3\",\"cluster\":\"sb\",\"action\":\"(restarted|unchanged)\"}\n");
    }
    assertThat(knm3.waitFor(Duration.ofSeconds(30))).isZero();
    String log = knm3.err();
    int shutting = log.indexOf("msg=\"shutting down\"");
    int reloaded = log.indexOf("msg=\"reload ok\" cluster=sb trigger=http", shutting);
    assertThat(shutting).isPositive();
    assertThat(reloaded).isGreaterThan(shutting).isLessThan(log.indexOf("msg=stopped", shutting));
    try (Socket s = new Socket("127.0.0.1", ports.get(i))) {
      throw new AssertionError("the port is still open");
    } catch (IOException closed) {
      // closed, after readiness was seen 503
    }
  }

  private static void awaitLog(KnmProcess p, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!p.err().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no '" + text + "' in " + p.err());
      }
      Thread.sleep(20);
    }
  }
}
