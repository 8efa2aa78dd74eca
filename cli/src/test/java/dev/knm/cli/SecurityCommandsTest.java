package dev.knm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner.Result;
import dev.knm.crypto.EncryptionKey;
import dev.knm.crypto.KeyLoader;
import dev.knm.crypto.Sealer;
import dev.knm.store.ClusterDao;
import dev.knm.store.Store;
import dev.knm.store.StoreLocation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9 as a user meets it, command by command: what knm refuses at input (exit codes and exact
 * lines), what it shows of hostile store contents, and that nothing is left behind.
 */
class SecurityCommandsTest {
  static final String TOKEN = "s3cr3t-token-SecurityCommandsTest";

  @TempDir Path home;
  private CliRunner cli;
  private Path kc;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(home);
    kc =
        Files.writeString(
            home.resolve("k.yaml"), CliRunner.kubeconfig("https://10.0.0.1:6443", "adm", TOKEN));
    Result r = cli.run("import", "prod", "--kubeconfig", kc.toString(), "--no-verify");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  private String listJson() {
    return cli.run("list", "-o", "json").out();
  }

  private Store store() {
    return Store.open(StoreLocation.resolve(null, cli.env()));
  }

  /** Writes a row as another knm version, or a tamperer holding the key, could. */
  private void plant(String name, String yaml) {
    EncryptionKey key = KeyLoader.load(null, cli.env(), n -> {});
    Sealer sealer = new Sealer(key);
    UUID id = UUID.randomUUID();
    try (Store store = store()) {
      store.inTransaction(
          h -> {
            ClusterDao dao = h.attach(ClusterDao.class);
            dao.insert(
                id,
                name,
                null,
                "https://10.0.0.9:6443",
                "ctx",
                sealer.seal(id, yaml.getBytes(StandardCharsets.UTF_8)),
                sealer.keyId(),
                Instant.now());
            dao.putState(dev.knm.cluster.ClusterState.unknown(id));
            return null;
          });
    }
  }

  // --- item 1 -----------------------------------------------------------------------------------

  @Test
  void aTokenWithCrLfIsRefusedAtImportWithoutQuotingIt() throws Exception {
    String before = listJson();
    Path bad =
        Files.writeString(
            home.resolve("bad.yaml"),
            CliRunner.kubeconfig("https://10.0.0.1:6443", "adm", "\"first-half-x\\r\\nsecond\""));
    for (String verify : List.of("--no-verify", "--overwrite")) {
      Result r = cli.run("import", "r-2line", "--kubeconfig", bad.toString(), verify);
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err())
          .isEqualTo(
              "error: user 'u' in kubeconfig "
                  + bad
                  + ": the token is not a single line of visible ASCII characters\n");
      assertThat(r.out()).isEmpty();
    }
    assertThat(listJson()).isEqualTo(before);
  }

  // --- item 2 -----------------------------------------------------------------------------------

  @Test
  void anH2UrlCannotRunAScript() throws Exception {
    // given: the attack of the issue: a script that writes a file and defines a Java alias
    Path marker = home.resolve("pwned");
    Path marker2 = home.resolve("pwned-by-alias");
    Path script =
        Files.writeString(
            home.resolve("evil.sql"),
            "CALL FILE_WRITE(STRINGTOUTF8('pwned'), '"
                + marker
                + "');\n"
                + "CREATE ALIAS IF NOT EXISTS PWN AS 'String pwn(String f) throws Exception {"
                + " java.nio.file.Files.writeString(java.nio.file.Path.of(f), \"x\"); return f; }';\n"
                + "CALL PWN('"
                + marker2
                + "');\n");
    String url = "jdbc:h2:file:" + home.resolve("s") + ";INIT=RUNSCRIPT FROM '" + script + "'";
    for (String[] args :
        new String[][] {
          {"list", "--store", url},
          {"import", "x", "--kubeconfig", kc.toString(), "--no-verify", "--store", url}
        }) {
      // when
      Result r = cli.run(args);

      // then
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err())
          .isEqualTo(
              "error: unsupported store URL '"
                  + url
                  + "': the H2 setting INIT is not allowed (allowed: USER, PASSWORD,"
                  + " LOCK_TIMEOUT)\n");
      assertThat(r.out()).isEmpty();
      assertThat(marker).doesNotExist();
      assertThat(marker2).doesNotExist();
      assertThat(Path.of(home.resolve("s") + ".mv.db")).doesNotExist();
    }
  }

  @Test
  void aPostgresUrlCannotLoadAClass() {
    Result r =
        cli.run(
            "list",
            "--store",
            "jdbc:postgresql://127.0.0.1:1/knm?socketFactory=org.example.Evil&password=pw");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "error: unsupported store URL"
                + " 'jdbc:postgresql://127.0.0.1:1/knm?socketFactory=org.example.Evil&password=***':"
                + " the PostgreSQL parameter socketFactory is not allowed (allowed: ")
        .hasLineCount(1);
  }

  // --- item 8 -----------------------------------------------------------------------------------

  @Test
  void anH2ZipUrlIsOneLineAndNoStackTrace() {
    String url = "jdbc:h2:zip:" + home.resolve("x.zip") + "!/knm";
    Result r = cli.run("list", "--store", url);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "error: unsupported store URL '"
                + url
                + "': an H2 store must be a file, jdbc:h2:file:PATH (mem:, tcp:, ssl:, zip:, nio"
                + " and other H2 forms are not supported)\n");
  }

  // --- item 9 -----------------------------------------------------------------------------------

  @Test
  void aReadOfAMistypedStoreSaysSoAndCreatesNothing() {
    Path typo = home.resolve("typo/knm");
    for (String[] args :
        new String[][] {
          {"list"},
          {"describe", "cluster", "prod"},
          {"remove", "prod"},
          {"list", "--refresh"},
          {"rotate-key", "--new-key-file", home.resolve("typo.key").toString()}
        }) {
      String[] full =
          Stream.concat(Stream.of(args), Stream.of("--store", "jdbc:h2:file:" + typo))
              .toArray(String[]::new);
      Result r = cli.run(full);
      assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(5);
      assertThat(r.err()).isEqualTo("error: no store at " + typo + "; create one with import\n");
    }
    assertThat(home.resolve("typo")).doesNotExist();
    assertThat(home.resolve("typo.key")).doesNotExist();
    // import creates it
    Result imported =
        cli.run(
            "import",
            "p",
            "--kubeconfig",
            kc.toString(),
            "--no-verify",
            "--store",
            "jdbc:h2:file:" + typo);
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(Path.of(typo + ".mv.db")).isRegularFile();
  }

  @Test
  void devNullIsNotAStore() {
    Result r =
        cli.run(
            "import",
            "x",
            "--kubeconfig",
            kc.toString(),
            "--no-verify",
            "--store",
            "jdbc:h2:file:/dev/null");
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err())
        .isEqualTo(
            "error: cannot use store /dev/null: it names a device or special file, not a store\n");
    assertThat(Path.of("/dev/null.mv.db")).doesNotExist();
  }

  // --- item 6 -----------------------------------------------------------------------------------

  @Test
  void descriptionsTooLongOrWithControlCharactersAreUsageErrors() {
    String before = listJson();
    Result esc =
        cli.run(
            "import",
            "d",
            "--kubeconfig",
            kc.toString(),
            "--no-verify",
            "--description",
            "hi\u001b]0;owned\u0007");
    assertThat(esc.exitCode()).isEqualTo(2);
    assertThat(esc.err())
        .isEqualTo(
            "error: invalid description: it has a control character at position 3 (use plain text"
                + " on one line)\n");
    Result longer =
        cli.run(
            "import",
            "d",
            "--kubeconfig",
            kc.toString(),
            "--no-verify",
            "--description",
            "x".repeat(4097));
    assertThat(longer.exitCode()).isEqualTo(2);
    assertThat(longer.err())
        .isEqualTo("error: invalid description: 4097 characters, at most 4096\n");
    Result label =
        cli.run("import", "d", "--kubeconfig", kc.toString(), "--no-verify", "-l", "k=v\u001b[2J");
    assertThat(label.exitCode()).isEqualTo(2);
    assertThat(label.err())
        .isEqualTo(
            "error: invalid label value 'v?[2J' for key 'k': at most 63 characters (letters,"
                + " digits, '-', '_', '.', starting and ending with a letter or digit)\n");
    assertThat(listJson()).isEqualTo(before);
  }

  @Test
  void controlCharactersStoredByATampererAreShownEscaped() {
    // given: text fields rewritten behind knm's back with terminal escapes
    try (Store store = store()) {
      store.withHandle(
          h ->
              h.createUpdate(
                      "UPDATE clusters SET description = :d, server = :s, context_name = :c"
                          + " WHERE name = 'prod'")
                  .bind("d", "desc\u001b]0;title\u0007")
                  .bind("s", "https://x\u001b[2J")
                  .bind("c", "ctx\u009b31m")
                  .execute());
      store.withHandle(
          h ->
              h.createUpdate("UPDATE cluster_states SET last_error = :e, kubernetes_version = :v")
                  .bind("e", "boom\r\u001b[1A")
                  .bind("v", "v1\u0008")
                  .execute());
    }

    // when
    Result wide = cli.run("list", "-o", "wide");
    Result describe = cli.run("describe", "cluster", "prod");
    Result json = cli.run("list", "-o", "json");

    // then: shown, never obeyed
    for (Result r : List.of(wide, describe, json)) {
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out().chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f))
          .isEmpty();
    }
    assertThat(wide.out()).contains("https://x^[[2J").contains("v1^H");
    assertThat(describe.out())
        .contains("Description:    desc^[]0;title^G\n")
        .contains("Server:         https://x^[[2J\n")
        .contains("Context:        ctx\\u009b31m\n")
        .contains("Last Error:     boom\\r^[[1A\n");
    assertThat(json.out()).contains("\"description\": \"desc\\u001b]0;title\\u0007\"");
  }

  // --- item 10 ----------------------------------------------------------------------------------

  @Test
  void aRefreshWhereEveryRowFailsTheKeyCheckIsAKeyError() {
    cli.run("import", "prod2", "--kubeconfig", kc.toString(), "--no-verify");
    cli.env("KNM_ENCRYPTION_KEY", "0".repeat(64));

    Result r = cli.run("list", "--refresh", "-o", "name");

    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err().lines().toList())
        .hasSize(3)
        .last()
        .isEqualTo(
            "error: no selected cluster could be opened (2 failed): check --key-file, KNM_KEY_FILE"
                + " or KNM_ENCRYPTION_KEY");
  }

  // --- item 11 ----------------------------------------------------------------------------------

  @Test
  void aFailedRotationLeavesNoKeyFileBehind() throws Exception {
    // given: a row that fails authentication, so the rotation fails halfway
    try (Store store = store()) {
      byte[] sealed =
          store.withHandle(
              h ->
                  h.createQuery("SELECT sealed_kubeconfig FROM clusters WHERE name = 'prod'")
                      .mapTo(byte[].class)
                      .one());
      sealed[sealed.length - 5] ^= 0x01;
      store.withHandle(
          h ->
              h.createUpdate("UPDATE clusters SET sealed_kubeconfig = :b WHERE name = 'prod'")
                  .bind("b", sealed)
                  .execute());
    }
    Path keys = Files.createDirectory(home.resolve("keys"));
    Path newKey = keys.resolve("new.key");

    // when
    Result r = cli.run("rotate-key", "--new-key-file", newKey.toString());

    // then
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err())
        .isEqualTo(
            "error: sealed kubeconfig of cluster prod failed authentication: the data was"
                + " altered\n");
    try (Stream<Path> left = Files.list(keys)) {
      assertThat(left).isEmpty();
    }
    // and in a directory that did not exist, not even the directory
    Path deeper = home.resolve("fresh/dir/new.key");
    assertThat(cli.run("rotate-key", "--new-key-file", deeper.toString()).exitCode()).isEqualTo(5);
    assertThat(home.resolve("fresh")).doesNotExist();
  }

  @Test
  void aSuccessfulRotationPutsTheKeyInPlace() throws Exception {
    Path newKey = home.resolve("keys/new.key");
    Result r = cli.run("rotate-key", "--new-key-file", newKey.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    try (Stream<Path> left = Files.list(newKey.getParent())) {
      assertThat(left).containsExactly(newKey);
    }
    Result withNew = cli.run("describe", "cluster", "prod", "--key-file", newKey.toString());
    assertThat(withNew.exitCode()).as(withNew.err()).isZero();
  }

  // --- item 5 -----------------------------------------------------------------------------------

  @Test
  void aRowThatCannotBeUsedDoesNotStopCommandsAboutOthers() {
    plant(
        "bad",
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://10.0.0.9:6443"}}]
        users: [{name: u, user: {token: "a\\r\\nb"}}]
        contexts: [{name: ctx, context: {cluster: c, user: u}}]
        current-context: ctx
        """);

    // list and describe of the others are untouched
    assertThat(cli.run("list", "-o", "name").out()).isEqualTo("cluster/bad\ncluster/prod\n");
    assertThat(cli.run("describe", "cluster", "prod").exitCode()).isZero();
    Result bad = cli.run("describe", "cluster", "bad");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err())
        .isEqualTo(
            "error: user 'u' in kubeconfig stored for cluster 'bad': the token is not a single"
                + " line of visible ASCII characters; import it again\n");
    // a refresh reports it as that cluster's failure
    Result refresh = cli.run("list", "--refresh", "--search", "bad", "-o", "name");
    assertThat(refresh.err())
        .contains(
            "error: user 'u' in kubeconfig stored for cluster 'bad': the token is not a single"
                + " line of visible ASCII characters; import it again\n");
  }

  @Test
  void listNodesOfAllServesTheOthersWhenOneRowCannotBeUsed() throws Exception {
    try (dev.knm.sandbox.Sandbox sandbox =
        dev.knm.sandbox.Sandbox.start(
            dev.knm.sandbox.SandboxOptions.builder().nodes(2).pods(2).build())) {
      Path skc = sandbox.writeKubeconfig(home.resolve("sb.yaml"));
      assertThat(cli.run("remove", "prod").exitCode()).isZero();
      assertThat(cli.run("import", "sb", "--kubeconfig", skc.toString()).exitCode()).isZero();
      plant(
          "bad",
          """
          apiVersion: v1
          kind: Config
          clusters: [{name: c, cluster: {server: "https://10.0.0.9:6443"}}]
          users: [{name: u, user: {token: "a\\u001bb"}}]
          contexts: [{name: ctx, context: {cluster: c, user: u}}]
          current-context: ctx
          """);

      Result r = cli.run("list", "nodes", "--all", "-o", "name");

      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(r.out().lines()).hasSize(2).allMatch(l -> l.startsWith("sb/node/"));
      assertThat(r.err())
          .isEqualTo(
              "error: cluster bad: user 'u' in kubeconfig stored for cluster 'bad': the token is"
                  + " not a single line of visible ASCII characters; import it again\n"
                  + "error: 1 of 2 clusters failed\n");
    }
  }
}
