package dev.knm.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.cli.CliRunner;
import dev.knm.cli.CliRunner.Result;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores sealed with a passphrase (Argon2id, parameters in the store): the same passphrase opens
 * the store from another HOME, a wrong one is exit 5 and changes nothing, rotate-key moves both
 * ways, and commands that decrypt nothing never touch the key. Each Argon2id derivation is 64 MiB
 * and 3 passes, so the tests derive as few times as they can.
 */
class PassphraseKeyTest {
  private static EmbeddedPostgres postgres;

  @TempDir Path tmp;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  private static String freshPostgresUrl(String db) throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + db);
    }
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + db + "?user=postgres";
  }

  private Path file(String name, String content) throws Exception {
    return Files.writeString(tmp.resolve(name), content);
  }

  private Path kubeconfig() throws Exception {
    return file("k.yaml", CliRunner.kubeconfig("https://127.0.0.1:9", "ctx", "secret-token"));
  }

  @Test
  void aPassphraseStoreOpensWithItOnASecondFreshHomeH2() throws Exception {
    opensOnASecondHome("jdbc:h2:file:" + tmp.resolve("shared/knm"));
  }

  @Test
  void aPassphraseStoreOpensWithItOnASecondFreshHomePostgres() throws Exception {
    opensOnASecondHome(freshPostgresUrl("knm_passphrase_home"));
  }

  private void opensOnASecondHome(String store) throws Exception {
    // given: a store created with a passphrase from a first HOME
    Path passphrase = file("passphrase", "correct horse battery staple\n");
    CliRunner first = new CliRunner(tmp.resolve("home1"));
    Result imported =
        first.run(
            "--store",
            store,
            "--passphrase-file",
            passphrase.toString(),
            "import",
            "lab",
            "--kubeconfig",
            kubeconfig().toString(),
            "--no-verify");
    assertThat(imported.exitCode()).as(imported.err()).isZero();

    // when: a second, fresh HOME opens it with the same passphrase (from the environment)
    CliRunner second =
        new CliRunner(tmp.resolve("home2")).env("KNM_PASSPHRASE_FILE", passphrase.toString());
    Result described = second.run("--store", store, "describe", "cluster", "lab");

    // then: it decrypts, and neither HOME got a key file
    assertThat(described.exitCode()).as(described.err()).isZero();
    assertThat(described.out())
        .contains("Name:           lab\n")
        .contains("Auth:           token\n");
    assertThat(tmp.resolve("home1/config/knm/key")).doesNotExist();
    assertThat(tmp.resolve("home2/config/knm/key")).doesNotExist();
  }

  @Test
  void aWrongPassphraseIsExit5AndChangesNothing() throws Exception {
    // given: a passphrase store with one cluster
    String store = "jdbc:h2:file:" + tmp.resolve("store/knm");
    Path right = file("right", "right passphrase");
    Path wrong = file("wrong", "wrong passphrase");
    CliRunner cli = new CliRunner(tmp.resolve("home"));
    Result imported =
        cli.run(
            "--store",
            store,
            "--passphrase-file",
            right.toString(),
            "import",
            "lab",
            "--kubeconfig",
            kubeconfig().toString(),
            "--no-verify");
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    String before = cli.run("--store", store, "list", "-o", "json").out();

    // when: a wrong passphrase describes, imports and rotates
    Result describe =
        cli.run(
            "--store", store, "--passphrase-file", wrong.toString(), "describe", "cluster", "lab");
    Result overwrite =
        cli.run(
            "--store",
            store,
            "--passphrase-file",
            wrong.toString(),
            "import",
            "lab",
            "--kubeconfig",
            kubeconfig().toString(),
            "--no-verify",
            "--overwrite");
    Result rotate =
        cli.run(
            "--store",
            store,
            "--passphrase-file",
            wrong.toString(),
            "rotate-key",
            "--new-key-file",
            tmp.resolve("new.key").toString());

    // then: exit 5, told by key id, and the store is as it was
    assertThat(describe.exitCode()).isEqualTo(5);
    assertThat(describe.err())
        .matches(
            "error: wrong passphrase \\(--passphrase-file .*wrong\\): it gives key [0-9a-f]{16} but"
                + " the store is sealed with key [0-9a-f]{16}; nothing was changed\n");
    assertThat(overwrite.exitCode()).isEqualTo(5);
    assertThat(overwrite.err()).startsWith("error: wrong passphrase");
    assertThat(rotate.exitCode()).isEqualTo(5);
    assertThat(rotate.err()).startsWith("error: wrong passphrase");
    assertThat(cli.run("--store", store, "list", "-o", "json").out()).isEqualTo(before);
    Result stillOpens =
        cli.run(
            "--store", store, "--passphrase-file", right.toString(), "describe", "cluster", "lab");
    assertThat(stillOpens.exitCode()).as(stillOpens.err()).isZero();
    assertThat(tmp.resolve("home/config/knm/key")).doesNotExist();
  }

  @Test
  void withoutAPassphraseOffATerminalItSaysHowToGiveOne() throws Exception {
    // given: a passphrase store
    String store = "jdbc:h2:file:" + tmp.resolve("store/knm");
    Path passphrase = file("p", "a passphrase");
    CliRunner cli = new CliRunner(tmp.resolve("home"));
    assertThat(
            cli.run(
                    "--store",
                    store,
                    "--passphrase-file",
                    passphrase.toString(),
                    "import",
                    "lab",
                    "--kubeconfig",
                    kubeconfig().toString(),
                    "--no-verify")
                .exitCode())
        .isZero();

    // when: no passphrase is given and there is no terminal to ask on
    Result r = cli.run("--store", store, "describe", "cluster", "lab");

    // then
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.err())
        .matches(
            "error: the store is sealed with a passphrase \\(key [0-9a-f]{16}\\): give"
                + " --passphrase-file FILE or KNM_PASSPHRASE_FILE, or run knm on a terminal to be"
                + " asked for it\n");
    assertThat(tmp.resolve("home/config/knm/key")).doesNotExist();
    // and list needs no key at all
    Result list = cli.run("--store", store, "list", "-o", "name");
    assertThat(list.out()).isEqualTo("cluster/lab\n");
  }

  @Test
  void rotateKeyMovesBetweenKeyFileAndPassphraseBothWays() throws Exception {
    // given: a store sealed with the default key file
    CliRunner cli = new CliRunner(tmp.resolve("home"));
    assertThat(
            cli.run("import", "lab", "--kubeconfig", kubeconfig().toString(), "--no-verify")
                .exitCode())
        .isZero();
    Path passphrase = file("p", "a passphrase");

    // when: to a passphrase
    Result toPassphrase = cli.run("rotate-key", "--new-passphrase-file", passphrase.toString());

    // then: the passphrase opens it, the old key file no longer does
    assertThat(toPassphrase.exitCode()).as(toPassphrase.err()).isZero();
    assertThat(toPassphrase.out())
        .isEqualTo("re-sealed 1 kubeconfig with the passphrase in " + passphrase + "\n");
    assertThat(
            cli.run("--passphrase-file", passphrase.toString(), "describe", "cluster", "lab")
                .exitCode())
        .isZero();
    Result oldKey = cli.run("describe", "cluster", "lab");
    assertThat(oldKey.exitCode()).isEqualTo(5);

    // when: back to a (new) key file
    Path newKey = tmp.resolve("new.key");
    Result toKeyFile =
        cli.run(
            "--passphrase-file",
            passphrase.toString(),
            "rotate-key",
            "--new-key-file",
            newKey.toString());

    // then: the key file opens it, and the store no longer asks for a passphrase
    assertThat(toKeyFile.exitCode()).as(toKeyFile.err()).isZero();
    Result withKey = cli.run("--key-file", newKey.toString(), "describe", "cluster", "lab");
    assertThat(withKey.exitCode()).as(withKey.err()).isZero();
    Result withPassphrase =
        cli.run("--passphrase-file", passphrase.toString(), "describe", "cluster", "lab");
    assertThat(withPassphrase.exitCode()).isEqualTo(5);
  }

  @Test
  void listNeitherReadsNorCreatesTheKey() {
    // given: a fresh HOME
    CliRunner cli = new CliRunner(tmp.resolve("home"));

    // when
    Result list = cli.run("list");

    // then: an empty store, and no key file
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.err()).isEqualTo("No clusters found.\n");
    assertThat(tmp.resolve("home/config/knm/key")).doesNotExist();
  }
}
