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

  /** One knm command line of the sweep: a label, the exit code it must give, its arguments. */
  record Row(String label, int exit, List<String> args) {}

  private static Row row(String label, int exit, String... args) {
    return new Row(label, exit, List.of(args));
  }

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
   * <p>Later commands join with one line each, e.g. {@code row("cordon", 0, "cordon", "{node}",
   * "-c", "ok")}, {@code row("drain 401", 7, "drain", "{node}", "-c", "tf")}, {@code row("watch
   * hung", 4, "watch", "-c", "hung", ...)}, {@code row("events", ...)}, {@code row("audit", ...)},
   * {@code row("broadcast-reload", ...)}: the sweep greps whatever they print, log and store.
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
      InputStream stdin =
          new java.io.ByteArrayInputStream(stdinKubeconfig.getBytes(StandardCharsets.UTF_8));
      long t0 = System.nanoTime();
      int code =
          Main.run(
              argv.toArray(String[]::new),
              new KnmContext(env, stdin, false),
              new PrintWriter(o, true),
              new PrintWriter(e, true));
      Files.writeString(out.resolve(i + ".out"), o.toString());
      Files.writeString(out.resolve(i + ".err"), e.toString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      exits.add(i + "\t" + r.label() + "\t" + r.exit() + "\t" + code + "\t" + ms + " ms");
      System.err.println("sweep: " + r.label() + " -> " + code);
      i++;
    }
    Files.write(out.resolve("exits.tsv"), exits);
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
