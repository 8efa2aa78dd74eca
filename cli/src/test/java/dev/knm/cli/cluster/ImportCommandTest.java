package dev.knm.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.crypto.EncryptionKey;
import dev.knm.crypto.KeyLoader;
import dev.knm.sandbox.Sandbox;
import dev.knm.sandbox.SandboxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `knm import`: the happy paths against the sandbox, and every bad input with its exit code. */
class ImportCommandTest {
  private static Sandbox sandbox;

  @TempDir Path home;
  private CliRunner cli;

  @BeforeAll
  static void startSandbox() {
    sandbox = Sandbox.start(SandboxOptions.builder().nodes(3).pods(10).build());
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void setUp() {
    cli = new CliRunner(home);
    // list decrypts nothing: it neither reads nor creates the key
    Result first = cli.run("list");
    assertThat(first.err()).isEqualTo("No clusters found.\n");
    assertThat(home.resolve("config/knm/key")).doesNotExist();
    // the key the imports below seal with, made here so that they run with a quiet stderr
    KeyLoader.writeKeyFile(home.resolve("config/knm/key"), EncryptionKey.generate());
  }

  @Test
  void importsAVerifiedClusterAndListsIt() throws Exception {
    // given
    Path kc = sandbox.writeKubeconfig(home.resolve("sandbox.yaml"));

    // when
    Result imported = cli.run("import", "lab", "--kubeconfig", kc.toString(), "-l", "env=test");

    // then
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out()).matches("cluster/lab imported \\(v1\\.\\S+\\)\n");
    // the import counted the nodes (one node listing): NODES is there at once, no --refresh
    int nodes = sandbox.store().count(dev.knm.sandbox.ResourceType.NODE);
    Result list = cli.run("list", "--no-headers");
    assertThat(list.out())
        .matches("lab +Ready +" + nodes + "/" + nodes + " +v1\\.\\S+ +[0-9]+s +[0-9]+s\n");
    assertThat(cli.run("list", "-o", "name").out()).isEqualTo("cluster/lab\n");
  }

  @Test
  void inlinesReferencedFilesSoTheClusterStillWorksWithoutThem() throws Exception {
    // given: CA, client cert and key as separate files next to the kubeconfig
    Path dir = Files.createDirectories(home.resolve("kube"));
    Path kc = sandbox.writeKubeconfigWithFiles(dir);

    // when
    Result imported = cli.run("import", "files", "--kubeconfig", kc.toString());
    deleteTree(dir);

    // then: describe still opens it, and a refresh reaches the server with the inlined certs
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    Result described = cli.run("describe", "cluster", "files");
    assertThat(described.exitCode()).as(described.err()).isZero();
    assertThat(described.out()).contains("Auth:").containsPattern("Server: +" + sandbox.url());
    Result refreshed = cli.run("list", "--refresh", "--no-headers");
    assertThat(refreshed.exitCode()).as(refreshed.err()).isZero();
    assertThat(refreshed.out()).matches("files +Ready +3/3 +v1\\.\\S+ +[0-9]+s +[0-9]+s\n");
  }

  @Test
  void refreshWithOneDeadClusterIsAPartialFailure() throws Exception {
    // given: one live cluster and one whose server refuses connections
    Path live = sandbox.writeKubeconfig(home.resolve("live.yaml"));
    Path dead = write("dead.yaml", kubeconfig("https://127.0.0.1:1", "ctx", "dead-token"));
    assertThat(cli.run("import", "live", "--kubeconfig", live.toString()).exitCode()).isZero();
    assertThat(cli.run("import", "dead", "--kubeconfig", dead.toString(), "--no-verify").exitCode())
        .isZero();

    // when
    Result r = cli.run("list", "--refresh", "--no-headers");

    // then: both rows printed, the failure on stderr, exit code 3
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out().lines().toList())
        .hasSize(2)
        .anyMatch(l -> l.matches("dead +Unreachable +- +- +\\d+s +\\d+s"))
        .anyMatch(l -> l.matches("live +Ready +3/3 +v1\\.\\S+ +\\d+s +\\d+s"));
    assertThat(r.err())
        .isEqualTo(
            "error: cluster dead: GET /version failed: connection refused\n"
                + "error: 1 of 2 clusters failed to refresh\n");
    Result described = cli.run("describe", "cluster", "dead");
    assertThat(described.out())
        .contains("Status:         Unreachable\n")
        .containsPattern("Last Error: +(cluster dead: )?GET /version failed: connection refused\n");
  }

  @Test
  void colorsOnlyOnATerminalAndNeverWithNoColor() throws Exception {
    // given
    Path kc = sandbox.writeKubeconfig(home.resolve("c.yaml"));
    assertThat(cli.run("import", "lab", "--kubeconfig", kc.toString()).exitCode()).isZero();

    // when: the same list on a terminal, with NO_COLOR, with --no-color, and piped
    String tty = runOnTerminal(cli.env(), "list", "--no-headers");
    java.util.Map<String, String> noColorEnv = new java.util.HashMap<>(cli.env());
    noColorEnv.put("NO_COLOR", "1");
    String noColor = runOnTerminal(noColorEnv, "list", "--no-headers");
    String flag = runOnTerminal(cli.env(), "list", "--no-headers", "--no-color");
    String piped = cli.run("list", "--no-headers").out();

    // then
    assertThat(tty).contains("\u001b[32mReady\u001b[0m");
    assertThat(noColor).doesNotContain("\u001b[");
    assertThat(flag).doesNotContain("\u001b[");
    assertThat(piped).doesNotContain("\u001b[");
  }

  private static String runOnTerminal(java.util.Map<String, String> env, String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        dev.knm.cli.Main.run(
            args,
            new dev.knm.cli.KnmContext(env, java.io.InputStream.nullInputStream(), true),
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }

  @Test
  void readsBase64FromStdin() {
    // given
    String b64 =
        Base64.getEncoder()
            .encodeToString(sandbox.kubeconfigYaml().getBytes(StandardCharsets.UTF_8));

    // when
    Result r = cli.runWithStdin(b64, "import", "piped", "--kubeconfig", "-");

    // then
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(cli.run("list", "-o", "name").out()).isEqualTo("cluster/piped\n");
  }

  @Test
  void unreachableServerStoresNothingUnlessNoVerify() throws Exception {
    // given: a kubeconfig whose server refuses connections
    Path kc = write("dead.yaml", kubeconfig("https://127.0.0.1:1", "ctx", "dead-token"));

    // when
    Result r = cli.run("import", "dead", "--kubeconfig", kc.toString());

    // then
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).startsWith("error: cluster dead: ").doesNotContain("dead-token");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(cli.run("list", "-o", "name").out()).isEmpty();

    // and with --no-verify it is stored, status Unknown
    Result stored = cli.run("import", "dead", "--kubeconfig", kc.toString(), "--no-verify");
    assertThat(stored.out()).isEqualTo("cluster/dead imported (not verified)\n");
    assertThat(cli.run("list", "--no-headers").out())
        .matches("dead +Unknown +- +- +never +\\d+s\n");
  }

  @Test
  void allContextsImportsOneClusterPerContext() throws Exception {
    // given
    String two =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - {name: a, cluster: {server: "https://127.0.0.1:1"}}
        users:
        - {name: u, user: {token: t}}
        contexts:
        - {name: East_1, context: {cluster: a, user: u}}
        - {name: west, context: {cluster: a, user: u}}
        """;
    Path kc = write("two.yaml", two);

    // when
    Result r =
        cli.run("import", "fleet", "--kubeconfig", kc.toString(), "--all-contexts", "--no-verify");

    // then
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(cli.run("list", "-o", "name").out())
        .isEqualTo("cluster/fleet-east-1\ncluster/fleet-west\n");
  }

  // --- bad input: message, exit code, store unchanged ---

  @Test
  void emptyFile() throws Exception {
    assertRejected(write("empty.yaml", ""), 1, "kubeconfig %s is empty");
  }

  @Test
  void binaryFile() throws Exception {
    Path f = home.resolve("bin.yaml");
    Files.write(f, new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2, 3});
    assertRejected(f, 1, "kubeconfig %s is not text (binary data)");
  }

  @Test
  void truncatedYaml() throws Exception {
    String full = kubeconfig("\"https://127.0.0.1:1\"", "ctx", "secret-token-123");
    Path f = write("cut.yaml", full.substring(0, full.indexOf("127.0.0.1")));
    Result r = assertRejected(f, 1, null);
    assertThat(r.err()).startsWith("error: kubeconfig " + f + " is not valid YAML");
  }

  @Test
  void yamlThatIsNotAKubeconfig() throws Exception {
    Path f = write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n");
    Result r = assertRejected(f, 1, null);
    assertThat(r.err()).startsWith("error: kubeconfig " + f + " is not a kubeconfig");
  }

  @Test
  void yamlBomb() throws Exception {
    // billion laughs: 9 levels of 9 aliases each
    StringBuilder bomb = new StringBuilder("a: &a [\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      String ref = "*" + (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      bomb.append(String.join(",", java.util.Collections.nCopies(9, ref))).append("]\n");
    }
    Result r = assertRejected(write("bomb.yaml", bomb.toString()), 1, null);
    assertThat(r.err()).contains("is not valid YAML").contains("too many aliases");
  }

  @Test
  void fileOver4MiB() throws Exception {
    Path f = home.resolve("big.yaml");
    Files.write(f, new byte[4 * 1024 * 1024 + 1]);
    assertRejected(f, 1, "kubeconfig %s is larger than 4 MiB");
  }

  @Test
  void missingCurrentContext() throws Exception {
    String kc = kubeconfig("https://127.0.0.1:1", "ctx", "t").replace("current-context: ctx\n", "");
    assertRejected(
        write("nocur.yaml", kc),
        1,
        "kubeconfig %s has no current-context; pass --context (available: ctx)");
  }

  @Test
  void unknownContext() throws Exception {
    Path f = write("k.yaml", kubeconfig("https://127.0.0.1:1", "ctx", "t"));
    Result before = cli.run("list", "-o", "json");
    Result r = cli.run("import", "x", "--kubeconfig", f.toString(), "--context", "nope");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("error: context 'nope' not found in kubeconfig " + f + " (available: ctx)\n");
    assertThat(cli.run("list", "-o", "json").out()).isEqualTo(before.out());
  }

  @Test
  void referencedCertFileMissing() throws Exception {
    String kc =
        kubeconfig("https://127.0.0.1:1", "ctx", "t")
            .replace("    server:", "    certificate-authority: /nonexistent/ca.crt\n    server:");
    assertRejected(
        write("ca.yaml", kc),
        1,
        "certificate-authority file /nonexistent/ca.crt referenced by cluster 'c' does not exist");
  }

  @Test
  void invalidBase64OnStdin() {
    Result before = cli.run("list", "-o", "json");
    Result r = cli.runWithStdin("YWJj=ZGVmZ2hp", "import", "x", "--kubeconfig", "-");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: kubeconfig stdin looks like base64 but does not decode");
    assertThat(cli.run("list", "-o", "json").out()).isEqualTo(before.out());
  }

  @Test
  void duplicateNameWithoutOverwrite() throws Exception {
    Path f = write("k.yaml", kubeconfig("https://127.0.0.1:1", "ctx", "t"));
    assertThat(cli.run("import", "dup", "--kubeconfig", f.toString(), "--no-verify").exitCode())
        .isZero();
    Result before = cli.run("list", "-o", "json");

    Result r = cli.run("import", "dup", "--kubeconfig", f.toString(), "--no-verify");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("error: cluster 'dup' already exists; use --overwrite to replace" + " it\n");
    assertThat(cli.run("list", "-o", "json").out()).isEqualTo(before.out());
    Result replaced =
        cli.run("import", "dup", "--kubeconfig", f.toString(), "--no-verify", "--overwrite");
    assertThat(replaced.exitCode()).isZero();
  }

  @Test
  void nameThatIsNotADnsLabel() throws Exception {
    Path f = write("k.yaml", kubeconfig("https://127.0.0.1:1", "ctx", "t"));
    Result r = cli.run("import", "Prod_EU", "--kubeconfig", f.toString(), "--no-verify");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "error: invalid cluster name 'Prod_EU': must be a DNS-1123 label (lowercase letters,"
                + " digits and '-', starting and ending with a letter or digit, at most 63"
                + " characters)\n");
    assertThat(cli.run("list", "-o", "name").out()).isEmpty();
  }

  @Test
  void aBadCertificateAuthoritySaysWhatIsWrongWithTheFile() throws Exception {
    // given: a kubeconfig whose CA is not a certificate
    String ca =
        Base64.getEncoder()
            .encodeToString(
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"
                    .getBytes(StandardCharsets.US_ASCII));
    Path f =
        write(
            "bad-ca.yaml",
            kubeconfig(sandbox.url(), "ctx", "t")
                .replace(
                    "    server: " + sandbox.url(),
                    "    server: " + sandbox.url() + "\n    certificate-authority-data: " + ca));
    Result before = cli.run("list", "-o", "json");

    // when
    Result r = cli.run("import", "bad", "--kubeconfig", f.toString());

    // then: the file is named, not a "stored kubeconfig" that does not exist yet
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: certificate-authority-data of cluster 'c' in kubeconfig "
                + f
                + " is not a PEM certificate\n");
    assertThat(r.out()).isEmpty();
    assertThat(cli.run("list", "-o", "json").out()).isEqualTo(before.out());
  }

  @Test
  void rejectedCredentialsAreExitCode7AndNeverShowTheToken() throws Exception {
    // given: the sandbox's kubeconfig with a token it does not know
    String token = "wrong-token-ImportCommandTest";
    Path f =
        write(
            "wrong.yaml",
            Files.readString(sandbox.writeKubeconfig(home.resolve("right.yaml")))
                .replaceAll("token: \\S+", "token: " + token));
    Result before = cli.run("list", "-o", "json");

    // when
    Result r = cli.run("import", "wrong", "--kubeconfig", f.toString());

    // then
    assertThat(r.exitCode()).isEqualTo(7);
    assertThat(r.err())
        .isEqualTo(
            "error: the server refused the credentials of cluster wrong (401 Unauthorized): they"
                + " are wrong, expired or revoked; import the cluster again with valid ones\n")
        .doesNotContain(token);
    assertThat(cli.run("list", "-o", "json").out()).isEqualTo(before.out());
  }

  @Test
  void aUserWhoMayNotListNodesIsImportedWithTheReasonAndAQuestionMark() throws Exception {
    // given: RBAC lets the user read /version but not list nodes
    Path kc = sandbox.writeKubeconfig(home.resolve("sandbox.yaml"));
    sandbox.faults().forbid("nodes");
    Result r;
    try {
      // when
      r = cli.run("import", "nodeless", "--kubeconfig", kc.toString());
    } finally {
      sandbox.faults().forbid();
    }

    // then: stored (the server answered), with the reason on stderr and in describe
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).matches("cluster/nodeless imported \\(v1\\.\\S+\\)\n");
    String why =
        "nodes not counted: the server refused the credentials of cluster nodeless (403"
            + " Forbidden): they may not list nodes";
    assertThat(r.err()).isEqualTo("warning: cluster nodeless: " + why + "\n");
    assertThat(cli.run("list", "--no-headers").out())
        .matches("nodeless +Ready +\\? +v1\\.\\S+ +\\d+s +\\d+s\n");
    assertThat(cli.run("describe", "cluster", "nodeless").out())
        .contains("Nodes:          <unknown>\n")
        .contains("Last Error:     " + why + "\n");
  }

  @Test
  void mutuallyExclusiveOptionsSayErrorOnce() throws Exception {
    Path f = write("k.yaml", kubeconfig("https://127.0.0.1:1", "ctx", "t"));
    Result r =
        cli.run("import", "x", "--kubeconfig", f.toString(), "--context", "a", "--all-contexts");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "error: --context=CONTEXT, --all-contexts are mutually exclusive (specify only one)\n"
                + "See 'knm import --help' for usage.\n");
  }

  @Test
  void malformedLabelIsAUsageError() throws Exception {
    Path f = write("k.yaml", kubeconfig("https://127.0.0.1:1", "ctx", "t"));
    Result r = cli.run("import", "x", "--kubeconfig", f.toString(), "-l", "novalue");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: Invalid value for option '--label'");
    assertThat(cli.run("list", "-o", "name").out()).isEmpty();
  }

  @Test
  void missingKubeconfigOptionIsAUsageError() {
    Result r = cli.run("import", "x");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "error: Missing required option: '--kubeconfig=FILE|-'\n"
                + "See 'knm import --help' for usage.\n");
  }

  private Result assertRejected(Path file, int exitCode, String messageFormat) {
    Result before = cli.run("list", "-o", "json");
    Result r = cli.run("import", "bad", "--kubeconfig", file.toString(), "--no-verify");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(exitCode);
    if (messageFormat != null) {
      assertThat(r.err()).isEqualTo("error: " + messageFormat.formatted(file) + "\n");
    }
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.out()).isEmpty();
    assertThat(cli.run("list", "-o", "json").out()).isEqualTo(before.out());
    return r;
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(home.resolve(name), content);
  }

  static String kubeconfig(String server, String context, String token) {
    return CliRunner.kubeconfig(server, context, token);
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
