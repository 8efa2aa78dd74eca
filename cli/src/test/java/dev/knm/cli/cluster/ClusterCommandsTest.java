package dev.knm.cli.cluster;

import static dev.knm.cli.cluster.ImportCommandTest.kubeconfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import dev.knm.store.Store;
import dev.knm.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list / describe / remove / rotate-key, output formats, and the key and store errors. */
class ClusterCommandsTest {
  private static final String TOKEN = "s3cr3t-token-ClusterCommandsTest";

  @TempDir Path home;
  private CliRunner cli;
  private Path kc;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliRunner(home);
    kc =
        Files.writeString(
            home.resolve("k.yaml"), kubeconfig("https://10.0.0.1:6443", "adm", TOKEN));
    importCluster("prod-eu", "-l", "env=prod", "-l", "region=eu", "--description", "EU prod");
    importCluster("prod-us", "-l", "env=prod", "-l", "region=us");
    importCluster("staging", "-l", "env=staging", "--description", "shared staging");
  }

  private void importCluster(String name, String... more) {
    String[] args = new String[5 + more.length];
    System.arraycopy(
        new String[] {"import", name, "--kubeconfig", kc.toString(), "--no-verify"}, 0, args, 0, 5);
    System.arraycopy(more, 0, args, 5, more.length);
    Result r = cli.run(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void firstUseCreatesTheKeyWithOneNotice() {
    // the key was created by the first import in setUp; a second store use says nothing more
    assertThat(Files.exists(home.resolve("config/knm/key"))).isTrue();
    Result r = cli.run("list", "-o", "name");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void listsAsATable() {
    Result r = cli.run("list");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines().toList())
        .hasSize(4)
        .first()
        .isEqualTo("NAME      STATUS    NODES   VERSION   CHECKED   AGE");
    assertThat(r.out().lines().skip(1).toList())
        .allMatch(l -> l.matches("(prod-eu|prod-us|staging) +Unknown +- +- +never +\\d+s"));
  }

  @Test
  void filtersByLabelsStatusAndSearch() {
    assertThat(names("list", "-l", "env=prod")).isEqualTo("cluster/prod-eu\ncluster/prod-us\n");
    assertThat(names("list", "-l", "env=prod", "-l", "region=us")).isEqualTo("cluster/prod-us\n");
    assertThat(names("list", "--search", "SHARED")).isEqualTo("cluster/staging\n");
    assertThat(names("list", "--search", "eu")).isEqualTo("cluster/prod-eu\n");
    assertThat(names("list", "--status", "unknown")).hasLineCount(3);
    assertThat(names("list", "--status", "ready")).isEmpty();
    assertThat(names("list", "clusters", "-l", "env=staging")).isEqualTo("cluster/staging\n");
  }

  @Test
  void pagesWithATotal() {
    assertThat(names("list", "--limit", "2")).isEqualTo("cluster/prod-eu\ncluster/prod-us\n");
    assertThat(names("list", "--limit", "2", "--page", "2")).isEqualTo("cluster/staging\n");
    Result table = cli.run("list", "--limit", "2");
    assertThat(table.err()).isEqualTo("Page 1 of 2 (3 clusters); next: --page 2\n");
    Result json = cli.run("list", "-o", "json", "--limit", "2", "--page", "2");
    assertThat(json.out()).contains("\"page\": 2", "\"limit\": 2", "\"total\": 3");
  }

  @Test
  void badListArgumentsAreUsageErrors() {
    Result status = cli.run("list", "--status", "sleepy");
    assertThat(status.exitCode()).isEqualTo(2);
    assertThat(status.err())
        .isEqualTo(
            "error: unknown status 'sleepy': expected one of unknown, ready, degraded,"
                + " unreachable\n");
    Result page = cli.run("list", "--page", "0");
    assertThat(page.exitCode()).isEqualTo(2);
    assertThat(page.err()).isEqualTo("error: --page must be at least 1\n");
  }

  @Test
  void jsonAndYamlCarryTheDocumentedFieldsAndNoSecret() {
    Result json = cli.run("list", "-o", "json", "-l", "region=eu");
    assertThat(json.out())
        .startsWith("{\n    \"apiVersion\": \"knm/v1\",\n    \"kind\": \"ClusterList\",")
        .contains(
            "\"name\": \"prod-eu\"",
            "\"description\": \"EU prod\"",
            "\"server\": \"https://10.0.0.1:6443\"",
            "\"context\": \"adm\"",
            "\"status\": \"Unknown\"",
            "\"timeoutCount\": 0")
        .doesNotContain(TOKEN);
    Result yaml = cli.run("describe", "cluster", "prod-eu", "-o", "yaml");
    assertThat(yaml.out())
        .contains("kind: Cluster\n", "name: prod-eu\n", "user: u\n", "auth:\n- token\n")
        .doesNotContain(TOKEN);
    Result ndjson = cli.run("list", "-o", "ndjson");
    assertThat(ndjson.out().lines()).hasSize(3).allMatch(l -> l.startsWith("{\"apiVersion\""));
  }

  @Test
  void describesWithoutSecrets() {
    Result r = cli.run("describe", "cluster", "prod-eu");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "Name:           prod-eu\n",
            "Description:    EU prod\n",
            "Labels:         env=prod\n                region=eu\n",
            "Server:         https://10.0.0.1:6443\n",
            "Context:        adm\n",
            "User:           u\n",
            "Auth:           token\n",
            "Status:         Unknown\n",
            "Last Error:     <none>\n")
        .doesNotContain(TOKEN);
  }

  @Test
  void describeUnknownCluster() {
    Result r = cli.run("describe", "cluster", "nope");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: cluster 'nope' not found\n");
  }

  @Test
  void wrongKeyIsExitCode5AndChangesNothing() {
    Result before = cli.run("list", "-o", "json");
    cli.env("KNM_ENCRYPTION_KEY", "0".repeat(64));

    Result r = cli.run("describe", "cluster", "prod-eu");

    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err()).startsWith("error: ").contains("key").hasLineCount(1);
    Result imp = cli.run("import", "other", "--kubeconfig", kc.toString(), "--no-verify");
    assertThat(imp.exitCode()).isEqualTo(5);
    assertThat(cli.run("list", "-o", "json").out()).isEqualTo(before.out());
  }

  @Test
  void alteredCiphertextIsExitCode5() {
    // given: one byte of the sealed kubeconfig flipped behind knm's back
    try (Store store = Store.open(StoreLocation.resolve(null, cli.env()))) {
      byte[] sealed =
          store.withHandle(
              h ->
                  h.createQuery("SELECT sealed_kubeconfig FROM clusters WHERE name = 'prod-eu'")
                      .mapTo(byte[].class)
                      .one());
      sealed[sealed.length - 5] ^= 0x01;
      store.withHandle(
          h ->
              h.createUpdate("UPDATE clusters SET sealed_kubeconfig = :b WHERE name = 'prod-eu'")
                  .bind("b", sealed)
                  .execute());
    }

    // when
    Result r = cli.run("describe", "cluster", "prod-eu");

    // then
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err())
        .isEqualTo(
            "error: sealed kubeconfig of cluster prod-eu failed authentication: the data was"
                + " altered\n");
  }

  @Test
  void unreachableStoreIsExitCode5() {
    Result r = cli.run("list", "--store", "jdbc:postgresql://127.0.0.1:1/knm");
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err())
        .startsWith("error: cannot open store jdbc:postgresql://127.0.0.1:1/knm")
        .hasLineCount(1);
  }

  @Test
  void unsupportedStoreUrlIsAUsageError() {
    Result r = cli.run("list", "--store", "mysql://x");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: ").hasLineCount(1);
  }

  @Test
  void removeSoftDeletesAndFreesTheName() {
    Result r = cli.run("remove", "staging");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("cluster/staging removed\n");
    assertThat(names("list")).isEqualTo("cluster/prod-eu\ncluster/prod-us\n");
    importCluster("staging");
    assertThat(names("list")).hasLineCount(3);
    assertThat(cli.run("remove", "prod-us", "--purge").out()).isEqualTo("cluster/prod-us purged\n");
  }

  @Test
  void removeUnknownCluster() {
    Result before = cli.run("list", "-o", "json");
    Result r = cli.run("remove", "nope");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: cluster 'nope' not found\n");
    assertThat(cli.run("list", "-o", "json").out()).isEqualTo(before.out());
  }

  @Test
  void rotateKeyReSealsEverythingAndTheOldKeyStopsWorking() throws Exception {
    Path newKey = home.resolve("new.key");
    String oldId = keyId();

    Result r = cli.run("rotate-key", "--new-key-file", newKey.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("re-sealed 3 kubeconfigs with the key in " + newKey + "\n");
    assertThat(Files.getPosixFilePermissions(newKey))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    String newId = keyId();
    assertThat(newId).isNotEqualTo(oldId);
    // the old key (still the default file): the message says the store moved on, and where
    // knm looks for keys
    Result old = cli.run("describe", "cluster", "prod-eu");
    assertThat(old.exitCode()).isEqualTo(5);
    assertThat(old.err())
        .isEqualTo(
            "error: cluster 'prod-eu' is sealed with key "
                + newId
                + ", not the current key "
                + oldId
                + ": the store was re-sealed with key "
                + newId
                + " (rotate-key) or imported with it; give that key (knm reads --key-file, else"
                + " KNM_ENCRYPTION_KEY, else KNM_KEY_FILE, else $XDG_CONFIG_HOME/knm/key)\n");
    Result withNew = cli.run("describe", "cluster", "prod-eu", "--key-file", newKey.toString());
    assertThat(withNew.exitCode()).as(withNew.err()).isZero();
  }

  /** The key id every stored row is sealed with (list needs no key). */
  private String keyId() {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"keyId\"\\s*:\\s*\"([0-9a-f]+)\"")
            .matcher(cli.run("list", "-o", "json").out());
    while (m.find()) {
      ids.add(m.group(1));
    }
    assertThat(ids).hasSize(1);
    return ids.iterator().next();
  }

  @Test
  void anOldStatusSaysHowOldItIsAndUncountedNodesAreAQuestionMark() {
    // given: prod-eu was Ready 2 hours ago, staging answered an hour ago but its nodes could not
    // be counted (its user may not list nodes), prod-us was checked a minute ago
    java.time.Instant now = java.time.Instant.now();
    setState("prod-eu", "READY", 3, now.minus(java.time.Duration.ofHours(2)), null);
    setState("prod-us", "READY", 5, now.minus(java.time.Duration.ofMinutes(1)), null);
    setState(
        "staging",
        "READY",
        null,
        now.minus(java.time.Duration.ofMinutes(1)),
        "nodes not counted: they may not list nodes");

    Result r = cli.run("list");

    // (AGE is the import's, a second or so)
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .isEqualTo("NAME      STATUS             NODES   VERSION   CHECKED   AGE"),
            l ->
                assertThat(l)
                    .matches("prod-eu   Ready \\(120m ago\\)   3/3     v1.30.0   120m      \\ds"),
            l ->
                assertThat(l)
                    .matches("prod-us   Ready              5/5     v1.30.0   60s       \\ds"),
            l ->
                assertThat(l)
                    .matches("staging   Ready              \\?       v1.30.0   60s       \\ds"));
    assertThat(cli.run("describe", "cluster", "staging").out())
        .contains("Nodes:          <unknown>\n")
        .contains("Last Error:     nodes not counted: they may not list nodes\n");
  }

  @Test
  void anOldStatusIsDimmedOnATerminal() {
    dev.knm.cluster.ClusterState old =
        new dev.knm.cluster.ClusterState(
            java.util.UUID.randomUUID(),
            dev.knm.cluster.ClusterStatus.READY,
            3,
            3,
            null,
            null,
            null,
            "v1.30.0",
            null,
            null,
            java.time.Instant.parse("2026-11-21T10:00:00Z"),
            0);
    java.time.Instant now = java.time.Instant.parse("2026-11-21T12:00:00Z");

    dev.knm.cli.render.Table.Cell cell =
        ClusterListing.statusCell(old, now, new dev.knm.cli.render.Colors(true));
    dev.knm.cli.render.Table.Cell fresh =
        ClusterListing.statusCell(
            old,
            now.minus(java.time.Duration.ofHours(1).plusMinutes(50)),
            new dev.knm.cli.render.Colors(true));

    // kubectl's ages, as in the CHECKED column: 120m, 5h20m, 3d
    assertThat(cell.text()).isEqualTo("Ready (120m ago)");
    assertThat(cell.style().apply(cell.text())).isEqualTo("\u001b[2mReady (120m ago)\u001b[0m");
    assertThat(fresh.text()).isEqualTo("Ready");
    assertThat(fresh.style().apply("Ready")).isEqualTo("\u001b[32mReady\u001b[0m");
  }

  private void setState(
      String name, String status, Integer nodes, java.time.Instant checked, String error) {
    try (Store store = Store.open(StoreLocation.resolve(null, cli.env()))) {
      store.withHandle(
          h ->
              h.createUpdate(
                      """
                      UPDATE cluster_states SET status = :s, node_count = :n, ready_nodes = :n,
                        kubernetes_version = 'v1.30.0', checked_at = :c, last_error = :e
                      WHERE cluster_id = (SELECT id FROM clusters WHERE name = :name)
                      """)
                  .bind("s", status)
                  .bind("n", nodes)
                  .bind("c", java.time.OffsetDateTime.ofInstant(checked, java.time.ZoneOffset.UTC))
                  .bind("e", error)
                  .bind("name", name)
                  .execute());
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] args :
        new String[][] {
          {"list", "--help"}, {"import", "--help"}, {"describe", "cluster", "--help"}, {"--help"}
        }) {
      Result r = cli.run(args);
      assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).startsWith("Usage: knm");
    }
  }

  @Test
  void completionScripts() {
    assertThat(cli.run("completion", "bash").out()).contains("complete -F _complete_knm");
    assertThat(cli.run("completion", "fish").out())
        .contains(
            "complete -c knm -n '__knm_is \\'\\'' -a 'import' -d 'Import a cluster from a"
                + " kubeconfig, sealed with the store\\'s key.'\n");
  }

  @Test
  void aDamagedStoreFileFailsAtOnceWithExitCode5() throws Exception {
    // given a store file cut down to a few bytes of garbage
    Path file = home.resolve("data/knm/knm.mv.db");
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, "garbage".getBytes());
    // when / then: one line naming the store, exit 5, and no round of retries (29 s before)
    assertFailsAtOnce("error: cannot open store jdbc:h2:file:", "IO Exception: \"" + file);

    // given a file whose chunks are overwritten (H2 would roll it back if it opened it to write)
    Files.write(file, overwritten(whole));
    // when / then: said to be damaged, exit 5 at once, and the file left as it was
    assertFailsAtOnce(
        "error: cannot open store jdbc:h2:file:",
        ": the file's last write is damaged or unfinished (opening it for writing would roll it"
            + " back to an earlier state; back the file up first)");
    assertThat(Files.readAllBytes(file)).isEqualTo(overwritten(whole));
  }

  /** knm list fails with exit 5 and one line, without the store's retries (about 30 s). */
  private void assertFailsAtOnce(String start, String part) {
    long t0 = System.nanoTime();
    Result r = cli.run("list");
    assertThat((System.nanoTime() - t0) / 1e9).as("seconds until it failed").isLessThan(10);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(5);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith(start).contains(part).doesNotContain(TOKEN);
  }

  private static byte[] overwritten(byte[] file) {
    byte[] b = file.clone();
    for (int i = 4096; i < b.length; i += 7) {
      b[i] = 'A';
    }
    return b;
  }

  private String names(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "-o";
    all[args.length + 1] = "name";
    Result r = cli.run(all);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out();
  }

  static Map<String, String> env(CliRunner cli) {
    return cli.env();
  }
}
