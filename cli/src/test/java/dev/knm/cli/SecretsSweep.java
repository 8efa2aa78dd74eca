package dev.knm.cli;

import dev.knm.cluster.ClusterState;
import dev.knm.crypto.EncryptionKey;
import dev.knm.crypto.KeyLoader;
import dev.knm.crypto.Sealer;
import dev.knm.store.ClusterDao;
import dev.knm.store.Store;
import dev.knm.store.StoreLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * One pass of the secrets sweep ({@link SecretsSweepTest}), run in a JVM of its own so that its
 * logging is set as {@code knm -v} or {@code knm -vv} sets it (slf4j-simple reads that once per
 * JVM). Runs every row of {@link #COMMANDS} in-process through {@link Main#run} with the pass's
 * verbosity flag, and writes each row's exit code, stdout and stderr under the output directory;
 * the JVM's own stderr (the log lines) is the parent's to collect.
 *
 * <p>Arguments: a properties file with {@code home}, {@code out}, {@code verbosity} (-v or -vv),
 * optionally {@code store} (a JDBC URL, else the default H2 file under home), and {@code kc.NAME}
 * kubeconfig paths, {@code node} (a sandbox node name).
 */
public final class SecretsSweep {

  /**
   * One knm command line of the sweep: a label, the exit code it must give, its arguments, and for
   * a command that runs until stopped, how long its stdout stays open (then it reads as closed, as
   * a pipe whose reader has gone; null: open throughout).
   */
  record Row(String label, int exit, int h2Exit, List<String> args, Duration stdoutOpenFor) {
    /** The exit code it must give in a pass on {@code store} (null: the default H2 file). */
    int exit(String store) {
      return store == null ? h2Exit : exit;
    }
  }

  private static Row row(String label, int exit, String... args) {
    return new Row(label, exit, exit, List.of(args), null);
  }

  /** A row whose exit code differs on the H2 pass's store. */
  private static Row row(String label, int exit, int h2Exit, String... args) {
    return new Row(label, exit, h2Exit, List.of(args), null);
  }

  /** A watch: its stdout closes after {@link #WATCH_TIME}, by which it has synced or failed. */
  private static Row watch(String label, int exit, String... args) {
    return new Row(label, exit, exit, List.of(args), WATCH_TIME);
  }

  static final Duration WATCH_TIME = Duration.ofSeconds(3);

  /**
   * Every command knm has, succeeding and failing, against: {@code ok} (the sandbox, token), {@code
   * cert} (the sandbox, client certificate), {@code basic} (basic auth to a server answering 500
   * that echoes our Authorization header), {@code tf} (a token file, to a server answering 401 that
   * echoes it too), {@code badca} (the sandbox with a certificate authority that did not sign it),
   * {@code hung} (a server that accepts and never answers), {@code r-2line} (a row stored before
   * import checked tokens: its token holds CR LF), and kubeconfigs import refuses (a token with CR
   * LF, a two-line token file, a DER client key, /etc/shadow-like text as token file). {NAME}
   * stands for the path of kubeconfig NAME, {node} for a sandbox node, {newkey} for a key file that
   * does not exist yet. The pass adds -v or -vv to each row.
   *
   * <p>Every command that uses a cluster's credentials or the store has rows here: cordon,
   * uncordon, drain (plain, ndjson, dry run, resume), audit, watch (ended by closing its stdout),
   * events, broadcast-reload (its token file sent to the server that echoes it back). {echo401} is
   * that server's address, {reloadtoken} the token file, {storepw} the pass's store URL with a
   * password. A new command joins with a row, e.g. {@code row("NAME tf", 7, "NAME", "-c", "tf")}.
   */
  static final List<Row> COMMANDS =
      List.of(
          // import: verified, refused by the server, and stored without verifying
          row("import ok", 0, "import", "ok", "--kubeconfig", "{ok}", "-l", "sweep=yes"),
          row(
              "import cert",
              0,
              "import",
              "cert",
              "--kubeconfig",
              "{ok}",
              "--context",
              "sandbox-cert"),
          row("import basic 500", 4, "import", "basic", "--kubeconfig", "{basic}"),
          row("import basic", 0, "import", "basic", "--kubeconfig", "{basic}", "--no-verify"),
          row("import tf 401", 7, "import", "tf", "--kubeconfig", "{tf}"),
          row("import tf", 0, "import", "tf", "--kubeconfig", "{tf}", "--no-verify"),
          row("import badca", 4, "import", "badca", "--kubeconfig", "{badca}"),
          row("import badca", 0, "import", "badca", "--kubeconfig", "{badca}", "--no-verify"),
          row("import hung", 4, "import", "hung", "--kubeconfig", "{hung}"),
          row("import hung", 0, "import", "hung", "--kubeconfig", "{hung}", "--no-verify"),
          row("import crlf", 1, "import", "crlf", "--kubeconfig", "{crlf}", "--no-verify"),
          row("import tf2", 1, "import", "tf2", "--kubeconfig", "{tf2}", "--no-verify"),
          row("import der", 1, "import", "der", "--kubeconfig", "{der}", "--no-verify"),
          row("import shadow", 1, "import", "shadow", "--kubeconfig", "{shadow}", "--no-verify"),
          row("import stdin", 0, "import", "stdin", "--kubeconfig", "-", "--no-verify"),
          // the store only
          row("list", 0, "list"),
          row("list wide", 0, "list", "-o", "wide"),
          row("list json", 0, "list", "-o", "json"),
          row("list yaml", 0, "list", "-o", "yaml"),
          // every cluster probed: ok and cert answer, the rest fail (r-2line before any request)
          row("list refresh", 3, "list", "--refresh"),
          row("list refresh ok", 0, "list", "--refresh", "-l", "sweep=yes"),
          // several at once; the hung one alone below (a short --request-timeout here would also
          // cut off the sandbox on a loaded machine)
          row(
              "list nodes several",
              3,
              "list",
              "nodes",
              "-c",
              "ok",
              "-c",
              "cert",
              "-c",
              "basic",
              "-c",
              "tf",
              "-c",
              "badca",
              "-c",
              "r-2line"),
          row("list nodes hung", 4, "list", "nodes", "-c", "hung", "--request-timeout", "500ms"),
          row("list nodes ok", 0, "list", "nodes", "-c", "ok"),
          row("list nodes cert", 0, "list", "nodes", "-c", "cert", "-o", "wide"),
          row("list nodes basic", 4, "list", "nodes", "-c", "basic"),
          row("list nodes tf", 7, "list", "nodes", "-c", "tf"),
          row("list nodes badca", 4, "list", "nodes", "-c", "badca"),
          row("list nodes r-2line", 1, "list", "nodes", "-c", "r-2line"),
          row("list pods ok", 0, "list", "pods", "-c", "ok", "-A"),
          row("list pods json", 0, "list", "pods", "-c", "cert", "-A", "-o", "json"),
          row("list pods basic", 4, "list", "pods", "-c", "basic", "-A"),
          row("list pods tf", 7, "list", "pods", "-c", "tf", "-A"),
          row("list pods badca", 4, "list", "pods", "-c", "badca", "-A"),
          row(
              "list pods hung",
              4,
              "list",
              "pods",
              "-c",
              "hung",
              "-A",
              "--request-timeout",
              "500ms"),
          row("list pods r-2line", 1, "list", "pods", "-c", "r-2line", "-A"),
          row("describe cluster ok", 0, "describe", "cluster", "ok"),
          row("describe cluster tf", 0, "describe", "cluster", "tf"),
          row("describe cluster basic", 0, "describe", "cluster", "basic", "-o", "json"),
          row("describe cluster r-2line", 1, "describe", "cluster", "r-2line"),
          row("describe node ok", 0, "describe", "node", "{node}", "-c", "ok"),
          row("describe node cert", 0, "describe", "node", "{node}", "-c", "cert", "-o", "yaml"),
          row("describe node tf", 7, "describe", "node", "{node}", "-c", "tf"),
          row("describe node basic", 4, "describe", "node", "{node}", "-c", "basic"),
          row("describe node badca", 4, "describe", "node", "{node}", "-c", "badca"),
          row(
              "describe node hung",
              4,
              "describe",
              "node",
              "{node}",
              "-c",
              "hung",
              "--request-timeout",
              "500ms"),
          // cordon and uncordon: the pass's own node (the two passes share one sandbox), a dry
          // run, and each failing server; --store with a password: on PostgreSQL (which trusts
          // the test's connections) its audit row must not keep it, on H2 the file refuses it
          row("cordon ok", 0, "cordon", "{node}", "-c", "ok"),
          row("cordon again", 0, "cordon", "{node}", "-c", "cert", "--dry-run"),
          row("uncordon ok", 0, "uncordon", "{node}", "-c", "ok"),
          row(
              "cordon store password",
              0,
              5,
              "--store",
              "{storepw}",
              "cordon",
              "{node}",
              "-c",
              "ok"),
          row("uncordon cert", 0, "uncordon", "{node}", "-c", "cert"),
          row("cordon tf", 7, "cordon", "{node}", "-c", "tf"),
          row("cordon basic", 4, "cordon", "{node}", "-c", "basic"),
          row("cordon badca", 4, "cordon", "{node}", "-c", "badca"),
          row("cordon hung", 4, "cordon", "{node}", "-c", "hung", "--request-timeout", "500ms"),
          row("cordon r-2line", 1, "cordon", "{node}", "-c", "r-2line"),
          row("uncordon tf", 7, "uncordon", "{node}", "-c", "tf"),
          row("uncordon basic", 4, "uncordon", "{node}", "-c", "basic"),
          // drain: the plan, a real drain (plain and ndjson), and each failing server
          row(
              "drain dry-run",
              0,
              "drain",
              "{node}",
              "-c",
              "ok",
              "--dry-run",
              "--force",
              "--ignore-daemonsets"),
          row("drain dry-run blocked", 1, "drain", "{node}", "-c", "ok", "--dry-run"),
          row(
              "drain ok",
              0,
              "drain",
              "{node}",
              "-c",
              "ok",
              "--force",
              "--ignore-daemonsets",
              "--delete-emptydir-data",
              "--grace-period",
              "0"),
          row("uncordon drained", 0, "uncordon", "{node}", "-c", "ok"),
          row(
              "drain cert ndjson",
              0,
              "drain",
              "{node}",
              "-c",
              "cert",
              "--force",
              "--ignore-daemonsets",
              "-o",
              "ndjson",
              "--max-concurrent-nodes",
              "2"),
          row("uncordon drained cert", 0, "uncordon", "{node}", "-c", "cert"),
          row("drain tf", 7, "drain", "{node}", "-c", "tf", "--force"),
          row("drain tf dry-run", 7, "drain", "{node}", "-c", "tf", "--dry-run"),
          row("drain basic", 4, "drain", "{node}", "-c", "basic", "--force"),
          row("drain badca", 4, "drain", "{node}", "-c", "badca", "--force", "-o", "ndjson"),
          row(
              "drain hung",
              4,
              "drain",
              "{node}",
              "-c",
              "hung",
              "--force",
              "--request-timeout",
              "500ms"),
          row("drain r-2line", 1, "drain", "{node}", "-c", "r-2line", "--force"),
          row("drain resume tf", 7, "drain", "{node}", "-c", "tf", "--resume"),
          row("drain resume none", 1, "drain", "{node}", "-c", "ok", "--resume"),
          // the audit log those wrote, and node events (none recorded yet, then a watch's)
          row("audit", 0, "audit"),
          row("audit json", 0, "audit", "-c", "tf", "-o", "json"),
          row("audit wide", 0, "audit", "-c", "ok", "--since", "1h", "-o", "wide"),
          // watch runs until stopped: these end when their stdout closes (as with | head) after
          // a while; a cluster that can never be watched ends it at once
          watch("watch ok", 0, "watch", "-c", "ok", "--record", "-o", "ndjson"),
          watch("watch failing", 0, "watch", "-c", "tf", "-c", "basic", "-c", "badca"),
          watch("watch hung", 0, "watch", "-c", "hung", "--request-timeout", "500ms"),
          row("watch r-2line", 1, "watch", "-c", "r-2line"),
          row("events", 0, "events"),
          row("events node", 0, "events", "-c", "ok", "--node", "{node}", "-o", "json"),
          // broadcast-reload: its token from a file, sent to a server that echoes it with a 401
          row(
              "broadcast-reload",
              4,
              "broadcast-reload",
              "ok",
              "--instances",
              "{echo401}",
              "--token-file",
              "{reloadtoken}"),
          row("remove stdin", 0, "remove", "stdin", "--purge"),
          row("remove basic", 0, "remove", "basic"),
          // re-seals every row, r-2line too: it opens the sealed bytes and reads no token
          row("rotate-key", 0, "rotate-key", "--new-key-file", "{newkey}"),
          row("list after rotate", 0, "list", "--key-file", "{newkey}"),
          row("describe with old key", 5, "describe", "cluster", "ok"));

  private SecretsSweep() {}

  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      p.load(in);
    }
    Path home = Path.of(p.getProperty("home"));
    Path out = Files.createDirectories(Path.of(p.getProperty("out")));
    String verbosity = p.getProperty("verbosity");
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("XDG_DATA_HOME", home.resolve("data").toString());
    env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
    env.put("KNM_RETRY_BASE_DELAY", "10ms");
    env.put("KNM_RETRY_MAX", "1");
    if (p.getProperty("store") != null) {
      env.put("KNM_STORE", p.getProperty("store"));
    }
    Map<String, String> values = new HashMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("kc.")) {
        values.put("{" + name.substring(3) + "}", p.getProperty(name));
      }
    }
    values.put("{node}", p.getProperty("node"));
    values.put("{echo401}", p.getProperty("echo401"));
    values.put("{reloadtoken}", p.getProperty("reloadtoken"));
    String store = p.getProperty("store");
    values.put(
        "{storepw}",
        store != null
            ? store + "&password=" + SecretsSweepTest.STORE_PASSWORD
            : "jdbc:h2:file:"
                + home.resolve("data/knm/knm")
                + ";PASSWORD="
                + SecretsSweepTest.STORE_PASSWORD);
    values.put("{newkey}", home.resolve("new.key").toString());
    String stdinKubeconfig = Files.readString(Path.of(p.getProperty("kc.ok")));

    List<String> exits = new ArrayList<>();
    int i = 0;
    for (Row r : COMMANDS) {
      if (r.label().equals("list")) {
        plantTwoLineToken(env); // after the imports: the store and its key exist
      }
      List<String> argv = new ArrayList<>();
      argv.add(verbosity);
      for (String a : r.args()) {
        argv.add(values.getOrDefault(a, a));
      }
      StringWriter o = new StringWriter();
      StringWriter e = new StringWriter();
      PrintWriter stdout =
          r.stdoutOpenFor() == null
              ? new PrintWriter(o, true)
              : new ClosingWriter(o, r.stdoutOpenFor());
      InputStream stdin =
          new java.io.ByteArrayInputStream(stdinKubeconfig.getBytes(StandardCharsets.UTF_8));
      long t0 = System.nanoTime();
      int code =
          Main.run(
              argv.toArray(String[]::new),
              new KnmContext(env, stdin, false),
              stdout,
              new PrintWriter(e, true));
      Files.writeString(out.resolve(i + ".out"), o.toString());
      Files.writeString(out.resolve(i + ".err"), e.toString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      exits.add(i + "\t" + r.label() + "\t" + r.exit(store) + "\t" + code + "\t" + ms + " ms");
      System.err.println("sweep: " + r.label() + " -> " + code);
      i++;
    }
    Files.write(out.resolve("exits.tsv"), exits);
  }

  /**
   * stdout whose reader goes away after {@code openFor}: from then on it reports an error, as a
   * PrintWriter on a closed pipe does (EPIPE), and what is written is dropped.
   */
  private static final class ClosingWriter extends PrintWriter {
    private final long closesAt;

    ClosingWriter(StringWriter sink, Duration openFor) {
      super(sink, true);
      this.closesAt = System.nanoTime() + openFor.toNanos();
    }

    private boolean gone() {
      return System.nanoTime() - closesAt >= 0;
    }

    @Override
    public void write(String s, int off, int len) {
      if (!gone()) {
        super.write(s, off, len);
      }
    }

    @Override
    public void write(char[] buf, int off, int len) {
      if (!gone()) {
        super.write(buf, off, len);
      }
    }

    @Override
    public void write(int c) {
      if (!gone()) {
        super.write(c);
      }
    }

    @Override
    public boolean checkError() {
      return gone() || super.checkError();
    }
  }

  /** A row an older knm stored: its token holds CR LF (import refuses that now). */
  private static void plantTwoLineToken(Map<String, String> env) throws IOException {
    String yaml =
        "apiVersion: v1\nkind: Config\n"
            + "clusters: [{name: c, cluster: {server: \"https://127.0.0.1:9\"}}]\n"
            + "users: [{name: u, user: {token: \""
            + SecretsSweepTest.PLANTED_A
            + "\\r\\n"
            + SecretsSweepTest.PLANTED_B
            + "\"}}]\n"
            + "contexts: [{name: ctx, context: {cluster: c, user: u}}]\ncurrent-context: ctx\n";
    EncryptionKey key = KeyLoader.load(null, env, n -> {});
    Sealer sealer = new Sealer(key);
    UUID id = UUID.randomUUID();
    try (Store store = Store.open(StoreLocation.resolve(null, env))) {
      store.inTransaction(
          h -> {
            ClusterDao dao = h.attach(ClusterDao.class);
            dao.insert(
                id,
                "r-2line",
                null,
                "https://127.0.0.1:9",
                "ctx",
                sealer.seal(id, yaml.getBytes(StandardCharsets.UTF_8)),
                sealer.keyId(),
                Instant.now());
            dao.putState(ClusterState.unknown(id));
            return null;
          });
    }
  }
}
