package dev.knm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.knm.sandbox.Certs;
import dev.knm.sandbox.ResourceType;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9's secrets sweep: kubeconfigs carrying distinctive tokens, a basic-auth password, a
 * client key (PEM; and DER, which a kubeconfig cannot carry: import refuses it), tokens with CR LF
 * and token files are imported, then every command runs (the table in {@link SecretsSweep}) with
 * {@code -v} and with {@code -vv}, succeeding and failing (a hung server, 401 and 500 from servers
 * that echo our Authorization header back, a certificate authority that did not sign the server).
 * Then stdout, stderr and the log lines of every run, the H2 file's bytes, every PostgreSQL column,
 * and the process list sampled while knm ran (each pass is a JVM, and one knm runs as its own
 * process) are searched for every secret: none may be found.
 */
class SecretsSweepTest {
  static final String SANDBOX_TOKEN = "sweep-sandbox-token-7Hq2Lm9Xv4";
  static final String BASIC_USER = "sweep-user";
  static final String BASIC_PASSWORD = "sweep-basic-pass-Rt5Yu8Io1";
  static final String FILE_TOKEN = "sweep-tokenfile-Wq3Er6Ty9";
  static final String BADCA_TOKEN = "sweep-badca-token-Pa2Sd5Fg8";
  static final String HUNG_TOKEN = "sweep-hung-token-Zx7Cv1Bn4";
  static final String CRLF_A = "sweep-crlf-first-Mn3Bv6";
  static final String CRLF_B = "sweep-crlf-second-Lk8Jh2";
  static final String TWO_LINES_A = "sweep-tf2-lineone-Gh4Jk7";
  static final String TWO_LINES_B = "sweep-tf2-linetwo-Df9Sa1";
  static final String SHADOW_HASH = "sweep-shadow-hash-Qa5Ws8Ed";
  static final String PLANTED_A = "sweep-planted-first-Rf4Tg7";
  static final String PLANTED_B = "sweep-planted-second-Yh2Uj6";
  static final String RELOAD_TOKEN = "sweep-reload-token-Ik9Ol3Pu6";
  static final String STORE_PASSWORD = "sweep-store-pass-Vb5Nm8Qw2";

  @TempDir static Path dir;
  static Sandbox sandbox;
  static HttpServer echo401;
  static HttpServer echo500;
  static ServerSocket hung;
  static final List<Socket> held = new CopyOnWriteArrayList<>();
  static EmbeddedPostgres postgres;
  static byte[] derKey;
  static Map<String, Path> kubeconfigs = new LinkedHashMap<>();
  static Path reloadTokenFile;

  @BeforeAll
  static void startServersAndWriteKubeconfigs() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.builder().nodes(2).pods(4).token(SANDBOX_TOKEN).build());
    echo401 = echoing(401, "Unauthorized");
    echo500 = echoing(500, "InternalError");
    hung = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!hung.isClosed()) {
                try {
                  held.add(hung.accept()); // and never answer
                } catch (IOException e) {
                  return;
                }
              }
            },
            "hung-server");
    acceptor.setDaemon(true);
    acceptor.start();

    kubeconfigs.put("ok", sandbox.writeKubeconfig(dir.resolve("ok.yaml")));
    kubeconfigs.put(
        "basic",
        write(
            "basic",
            server("http://127.0.0.1:" + echo500.getAddress().getPort(), null),
            "{username: " + BASIC_USER + ", password: " + BASIC_PASSWORD + "}"));
    Path tokenFile = Files.writeString(dir.resolve("token"), FILE_TOKEN + "\n");
    kubeconfigs.put(
        "tf",
        write(
            "tf",
            server("http://127.0.0.1:" + echo401.getAddress().getPort(), null),
            "{tokenFile: " + tokenFile + "}"));
    kubeconfigs.put(
        "badca", write("badca", server(sandbox.url(), otherCa()), "{token: " + BADCA_TOKEN + "}"));
    kubeconfigs.put(
        "hung",
        write(
            "hung",
            server("http://127.0.0.1:" + hung.getLocalPort(), null),
            "{token: " + HUNG_TOKEN + "}"));
    kubeconfigs.put(
        "crlf",
        write(
            "crlf",
            server(sandbox.url(), null),
            "{token: \"" + CRLF_A + "\\r\\n" + CRLF_B + "\"}"));
    Path twoLines = Files.writeString(dir.resolve("two-lines"), TWO_LINES_A + "\n" + TWO_LINES_B);
    kubeconfigs.put(
        "tf2", write("tf2", server(sandbox.url(), null), "{tokenFile: " + twoLines + "}"));
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    derKey = ec.generateKeyPair().getPrivate().getEncoded();
    Path der = Files.write(dir.resolve("client.der"), derKey);
    kubeconfigs.put(
        "der",
        write(
            "der",
            server(sandbox.url(), null),
            "{client-certificate-data: "
                + b64(Certs.get().clientCert())
                + ", client-key: "
                + der
                + "}"));
    Path shadow =
        Files.writeString(
            dir.resolve("shadow"),
            "root:$6$salt$" + SHADOW_HASH + ":19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n");
    kubeconfigs.put(
        "shadow", write("shadow", server(sandbox.url(), null), "{tokenFile: " + shadow + "}"));
    reloadTokenFile = Files.writeString(dir.resolve("reload-token"), RELOAD_TOKEN + "\n");
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (sandbox != null) {
      sandbox.close();
    }
    for (HttpServer s : new HttpServer[] {echo401, echo500}) {
      if (s != null) {
        s.stop(0);
      }
    }
    if (hung != null) {
      hung.close();
    }
    for (Socket s : held) {
      s.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  /** Every secret above, and the forms they travel in: the key's PEM lines, base64 of each. */
  static List<String> secrets() {
    List<String> s =
        new ArrayList<>(
            List.of(
                SANDBOX_TOKEN,
                BASIC_PASSWORD,
                b64(BASIC_USER + ":" + BASIC_PASSWORD),
                FILE_TOKEN,
                BADCA_TOKEN,
                HUNG_TOKEN,
                CRLF_A,
                CRLF_B,
                TWO_LINES_A,
                TWO_LINES_B,
                SHADOW_HASH,
                PLANTED_A,
                PLANTED_B,
                RELOAD_TOKEN,
                STORE_PASSWORD,
                Base64.getEncoder().encodeToString(derKey),
                b64(Certs.get().clientKey())));
    Certs.get()
        .clientKey()
        .lines()
        .filter(l -> !l.startsWith("-----") && l.length() >= 16)
        .forEach(s::add);
    return s;
  }

  @Test
  void noSecretInOutputLogsStoreOrProcessList() throws Exception {
    // given: two passes, each a JVM of its own, at once: H2 with -v, PostgreSQL with -vv (what a
    // command stores does not depend on its verbosity; each command runs with each flag)
    String pgUrl = freshPostgresDatabase();
    Map<String, Path> homes = new LinkedHashMap<>();
    List<Process> passes = new ArrayList<>();
    PsSampler ps = new PsSampler();
    ps.start();
    for (String[] pass : new String[][] {{"h2-v", "-v", null}, {"pg-vv", "-vv", pgUrl}}) {
      Path home = Files.createDirectories(dir.resolve(pass[0]));
      homes.put(pass[0], home);
      passes.add(startPass(home, pass[1], pass[2], passes.size()));
    }
    // and one knm as a process of its own, hanging on a server while the process list is read
    Path soloHome = dir.resolve("h2-v");

    // when
    for (Process p : passes) {
      assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("a sweep pass finished").isTrue();
    }
    Process solo =
        knmProcess(
            soloHome,
            dir.resolve("solo"),
            "-vv",
            "list",
            "pods",
            "-c",
            "hung",
            "-A",
            "--request-timeout",
            "2s");
    assertThat(solo.waitFor(60, TimeUnit.SECONDS)).isTrue();
    ps.stop();

    // then: every row gave the exit code it must (the failures really failed)
    for (Map.Entry<String, Path> e : homes.entrySet()) {
      Path out = e.getValue().resolve("out");
      List<String> exits = Files.readAllLines(out.resolve("exits.tsv"));
      exits.forEach(l -> System.out.println(e.getKey() + "\t" + l)); // timings, for the report
      assertThat(exits).as(e.getKey()).hasSize(SecretsSweep.COMMANDS.size());
      List<String> wrong = new ArrayList<>();
      for (String line : exits) {
        String[] f = line.split("\t");
        if (!f[3].equals(f[2])) {
          wrong.add(
              e.getKey()
                  + ": "
                  + f[1]
                  + " gave "
                  + f[3]
                  + ", not "
                  + f[2]
                  + "\n"
                  + Files.readString(out.resolve(f[0] + ".out"))
                  + Files.readString(out.resolve(f[0] + ".err")));
        }
      }
      assertThat(wrong).isEmpty();
    }
    assertThat(solo.exitValue()).isEqualTo(4);
    // and the searched text is what it should be: logs at the pass's level, stack traces with -v,
    // an H2 file that holds the clusters, a sandbox that was really called with the token
    String vvLog = Files.readString(homes.get("pg-vv").resolve("jvm.err"));
    assertThat(vvLog).contains("DEBUG ").contains("cluster ok: GET /api/v1/nodes");
    assertThat(Files.readString(homes.get("h2-v").resolve("jvm.err"))).doesNotContain("DEBUG ");
    assertThat(Files.readString(homes.get("h2-v").resolve("out/4.err")))
        .startsWith("error: the server refused the credentials of cluster tf (401 Unauthorized)")
        .contains("\tat dev.knm.");
    assertThat(sandbox.requestLog().count(x -> x.path().equals("/api/v1/nodes"))).isPositive();

    Map<String, String> searched = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : homes.entrySet()) {
      try (Stream<Path> files = Files.walk(e.getValue())) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          // text files, the H2 files (their bytes as Latin-1: one char a byte) and key files
          searched.put(
              e.getKey() + ":" + e.getValue().relativize(f),
              new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
      }
    }
    assertThat(searched.get("h2-v:data/knm/knm.mv.db")).contains("badca");
    searched.put("solo stdout+stderr", Files.readString(dir.resolve("solo.log")));
    searched.put("postgres", postgresColumns(pgUrl));
    assertThat(searched.get("postgres")).contains("badca");
    // the mutating commands left rows to search: the audit log (failed drains with their error,
    // the --store URL with its password masked) and the drain journal
    assertThat(searched.get("postgres"))
        .contains("password=***' cordon")
        .contains("-c basic --force\",failed,4,\"cluster basic: GET /api/v1/nodes/")
        .contains("drain_pods: ");
    searched.put("process list", String.join("\n", ps.samples));
    assertThat(ps.samples).anyMatch(s -> s.contains(SecretsSweep.class.getName()));
    assertThat(ps.samples).anyMatch(s -> s.contains(Main.class.getName() + " -vv list pods"));

    String derRaw = new String(derKey, StandardCharsets.ISO_8859_1);
    List<String> found = new ArrayList<>();
    for (Map.Entry<String, String> e : searched.entrySet()) {
      for (String secret : secrets()) {
        if (e.getValue().contains(secret)) {
          found.add(e.getKey() + " holds " + secret);
        }
      }
      if (e.getValue().contains(derRaw)) {
        found.add(e.getKey() + " holds the DER key's bytes");
      }
    }
    assertThat(found).isEmpty();
  }

  // --- passes and processes ---------------------------------------------------------------------

  private Process startPass(Path home, String verbosity, String store, int passIndex)
      throws IOException {
    Properties p = new Properties();
    p.setProperty("home", home.toString());
    p.setProperty("out", home.resolve("out").toString());
    p.setProperty("verbosity", verbosity);
    if (store != null) {
      p.setProperty("store", store);
    }
    kubeconfigs.forEach((name, path) -> p.setProperty("kc." + name, path.toString()));
    // each pass its own node: both drain and cordon theirs at the same time
    p.setProperty(
        "node", sandbox.store().list(ResourceType.NODE, null, null).get(passIndex).name());
    p.setProperty("echo401", "127.0.0.1:" + echo401.getAddress().getPort());
    p.setProperty("reloadtoken", reloadTokenFile.toString());
    Path props = home.resolve("sweep.properties");
    try (OutputStream o = Files.newOutputStream(props)) {
      p.store(o, null);
    }
    List<String> cmd = java(verbosity);
    cmd.add(SecretsSweep.class.getName());
    cmd.add(props.toString());
    return new ProcessBuilder(cmd)
        .redirectOutput(home.resolve("jvm.out").toFile())
        .redirectError(home.resolve("jvm.err").toFile())
        .start();
  }

  /** A real knm process, as bin/knm runs it (logging set up by Main from -v/-vv). */
  private Process knmProcess(Path home, Path log, String... args) throws IOException {
    List<String> cmd = java(null);
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("solo.log").toFile());
    pb.environment().put("HOME", home.toString());
    pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
    pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().put("KNM_RETRY_BASE_DELAY", "10ms");
    pb.environment().put("KNM_RETRY_MAX", "1");
    pb.environment().remove("KNM_STORE");
    // the pass rotated this store's key: the new one is where rotate-key put it
    pb.environment().put("KNM_KEY_FILE", home.resolve("new.key").toString());
    return pb.start();
  }

  /** The JVM command; a pass's log level set the way Main sets it for -v (info) or -vv (debug). */
  private static List<String> java(String verbosity) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
    if (verbosity != null) {
      cmd.add(
          "-Dorg.slf4j.simpleLogger.defaultLogLevel="
              + (verbosity.equals("-vv") ? "debug" : "info"));
      cmd.add("-Dorg.slf4j.simpleLogger.logFile=System.err");
      cmd.add("-Dorg.slf4j.simpleLogger.showThreadName=false");
      cmd.add("-Dorg.slf4j.simpleLogger.showLogName=false");
      cmd.add("-Dorg.slf4j.simpleLogger.levelInBrackets=false");
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    return cmd;
  }

  /** `ps -eo args` every 200 ms while the sweep runs. */
  private static final class PsSampler {
    final List<String> samples = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread =
        new Thread(
            () -> {
              while (running.get()) {
                try {
                  Process p = new ProcessBuilder("ps", "-eo", "args").start();
                  samples.add(
                      new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                  p.waitFor();
                  Thread.sleep(200);
                } catch (IOException | InterruptedException e) {
                  return;
                }
              }
            },
            "ps-sampler");

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(5000);
    }
  }

  // --- stores ---------------------------------------------------------------------------------

  private static String freshPostgresDatabase() throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE knm_sweep");
    }
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/knm_sweep?user=postgres";
  }

  /** Every column of every table, as text, one row a line. */
  private static String postgresColumns(String url) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (Connection c = java.sql.DriverManager.getConnection(url)) {
      List<String> tables = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertThat(tables)
          .contains(
              "clusters",
              "cluster_states",
              "cluster_labels",
              "audit_log",
              "drains",
              "drain_nodes",
              "drain_pods",
              "node_events");
      for (String t : tables) {
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT t::text FROM \"" + t + "\" t")) {
          while (rs.next()) {
            sb.append(t).append(": ").append(rs.getString(1)).append('\n');
          }
        }
      }
    }
    return sb.toString();
  }

  // --- servers and kubeconfigs ------------------------------------------------------------------

  /** Answers every request with {@code code} and a Status quoting the Authorization header. */
  private static HttpServer echoing(int code, String reason) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext(
        "/",
        ex -> {
          String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
          byte[] body =
              ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\""
                      + reason
                      + ": this proxy got Authorization: "
                      + auth
                      + "\",\"reason\":\""
                      + reason
                      + "\",\"code\":"
                      + code
                      + "}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(code, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    s.start();
    return s;
  }

  private static String server(String url, String caPem) {
    return "{server: \""
        + url
        + "\""
        + (caPem == null ? "" : ", certificate-authority-data: " + b64(caPem))
        + "}";
  }

  private static Path write(String name, String cluster, String user) throws IOException {
    return Files.writeString(
        dir.resolve(name + ".yaml"),
        "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: "
            + cluster
            + "}]\nusers: [{name: u, user: "
            + user
            + "}]\ncontexts: [{name: ctx, context: {cluster: c, user: u}}]\ncurrent-context:"
            + " ctx\n");
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A self-signed CA that signed nothing the sandbox serves. */
  private static String otherCa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    KeyPair k = g.generateKeyPair();
    X500Name n = new X500Name("CN=not-the-sandbox-ca");
    long now = System.currentTimeMillis();
    var cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        n,
                        BigInteger.valueOf(now),
                        new Date(now - 3_600_000),
                        new Date(now + 86_400_000),
                        n,
                        k.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate())));
    java.io.StringWriter w = new java.io.StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(cert);
    }
    return w.toString();
  }
}
