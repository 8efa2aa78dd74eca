package dev.knm.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.knm.error.InvalidInputException;
import dev.knm.kube.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9 items 1, 3, 4, 5: what import refuses in a kubeconfig's credentials, referenced files
 * and names, always without quoting a value.
 */
class CredentialsTest {
  static final TestPki PKI = new TestPki("credentials-test-ca");
  static final TestPki.Issued CLIENT = PKI.client("u", "EC");
  static final String SHADOW =
      "root:$6$Zq9salt$Kx0hashvalueSECRET:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n";

  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private Kubeconfig kubeconfig(String clusterYaml, String userYaml) throws IOException {
    String yaml =
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
            + "    server: https://10.0.0.1:6443\n"
            + clusterYaml
            + "users:\n- name: u\n  user:\n"
            + userYaml
            + "contexts:\n- name: ctx\n  context: {cluster: c, user: u}\ncurrent-context: ctx\n";
    return Kubeconfig.parse(KubeconfigSources.fromFile(write("k.yaml", yaml)));
  }

  private static void assertRefused(Kubeconfig k, String message, String... neverShown) {
    assertThatThrownBy(() -> k.flatten(null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(message)
        .satisfies(
            e -> {
              for (String s : neverShown) {
                assertThat(e.getMessage()).doesNotContain(s);
              }
            });
  }

  // --- item 1: tokens ------------------------------------------------------------------------

  @Test
  void anInlineTokenWithCrLfIsRefusedWithoutQuotingIt() throws IOException {
    Kubeconfig k = kubeconfig("", "    token: \"tok-first-half\\r\\ntok-second-half\"\n");
    assertRefused(
        k,
        "user 'u' in kubeconfig "
            + dir.resolve("k.yaml")
            + ": the token is not a single line of visible ASCII characters",
        "tok-first-half",
        "tok-second-half");
  }

  @Test
  void tokensWithSpacesControlsOrNonAsciiAreRefused() throws IOException {
    for (String token : new String[] {"two words", "bell\\a", "caf\\u00e9-token", "tab\\there"}) {
      Kubeconfig k = kubeconfig("", "    token: \"" + token + "\"\n");
      assertThatThrownBy(() -> k.flatten(null))
          .as(token)
          .hasMessageEndingWith(": the token is not a single line of visible ASCII characters");
    }
    Kubeconfig number = kubeconfig("", "    token: 12345678\n");
    assertThatThrownBy(() -> number.flatten(null))
        .hasMessageEndingWith(": the token is not a single line of visible ASCII characters");
  }

  @Test
  void aTokenFileWithTwoLinesIsRefusedWithoutQuotingIt() throws IOException {
    Path token = write("token", "line-one-secret\nline-two-secret\n");
    Kubeconfig k = kubeconfig("", "    tokenFile: " + token + "\n");
    assertRefused(
        k,
        "token file "
            + token
            + " referenced by user 'u': the token is not a single line of visible ASCII"
            + " characters",
        "line-one-secret",
        "line-two-secret");
  }

  @Test
  void aShadowFileAsTokenFileIsRefusedWithoutShowingIt() throws IOException {
    Path shadow = write("shadow", SHADOW);
    Kubeconfig k = kubeconfig("", "    tokenFile: " + shadow + "\n");
    assertRefused(
        k,
        "token file "
            + shadow
            + " referenced by user 'u': the token is not a single line of visible ASCII"
            + " characters",
        "root",
        "SECRET");
  }

  @Test
  void aTokenFilesTrailingNewlineIsTrimmedAsKubectlDoes() throws IOException {
    Path token = write("token", "good-token-123\n");
    FlatKubeconfig flat = kubeconfig("", "    tokenFile: " + token + "\n").flatten(null);
    assertThat(flat.yaml()).contains("token: good-token-123\n").doesNotContain("tokenFile");
  }

  // --- item 3: referenced files that are not regular files -----------------------------------

  @Test
  void aFifoAsCertificateAuthorityIsRefusedAtOnce() throws Exception {
    Path fifo = dir.resolve("ca.fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mk.waitFor()).isZero();
    Kubeconfig k = kubeconfig("    certificate-authority: " + fifo + "\n", "    token: abcdefgh\n");
    // without the check, opening the FIFO blocks until a writer comes: for ever
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertRefused(
                k,
                "certificate-authority file "
                    + fifo
                    + " referenced by cluster 'c' is not a regular file"));
  }

  @Test
  void aDeviceAsClientKeyIsRefused() throws IOException {
    Kubeconfig k =
        kubeconfig(
            "",
            "    client-certificate-data: "
                + TestPki.b64(CLIENT.certPem())
                + "\n    client-key: /dev/zero\n");
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertRefused(
                k, "client-key file /dev/zero referenced by user 'u' is not a regular file"));
  }

  // --- item 4: referenced data that is not what its key says ----------------------------------

  @Test
  void aShadowFileAsCertificateAuthorityIsRefusedWithoutShowingIt() throws IOException {
    Path shadow = write("shadow", SHADOW);
    Kubeconfig k =
        kubeconfig("    certificate-authority: " + shadow + "\n", "    token: abcdefgh\n");
    assertRefused(
        k,
        "certificate-authority file "
            + shadow
            + " referenced by cluster 'c' is not a PEM certificate",
        "root",
        "SECRET");
  }

  @Test
  void aClientKeyThatIsNotAKeyIsRefused() throws IOException {
    Path notKey = write("client.key", CLIENT.certPem()); // a certificate, not a key
    Kubeconfig k =
        kubeconfig(
            "",
            "    client-certificate-data: "
                + TestPki.b64(CLIENT.certPem())
                + "\n    client-key: "
                + notKey
                + "\n");
    assertRefused(
        k,
        "client-key file "
            + notKey
            + " referenced by user 'u' is not a usable PEM private key (client-key-data holds no"
            + " private key)");
  }

  @Test
  void aDerClientKeyIsRefusedAsKubectlRefusesIt() throws IOException {
    // a kubeconfig carries PEM only (client-go: "failed to find any PEM data in key input")
    byte[] der = CLIENT.keys().getPrivate().getEncoded();
    Path key = Files.write(dir.resolve("client.der"), der);
    Kubeconfig k =
        kubeconfig(
            "",
            "    client-certificate-data: "
                + TestPki.b64(CLIENT.certPem())
                + "\n    client-key: "
                + key
                + "\n");
    assertRefused(
        k,
        "client-key file "
            + key
            + " referenced by user 'u' is not a usable PEM private key (client-key-data holds no"
            + " private key)",
        Base64.getEncoder().encodeToString(der));
  }

  @Test
  void inlineDataThatIsNotPemIsRefused() throws IOException {
    Kubeconfig ca = kubeconfig("    certificate-authority-data: Q0E=\n", "    token: abcdefgh\n");
    assertRefused(
        ca,
        "certificate-authority-data of cluster 'c' in kubeconfig "
            + dir.resolve("k.yaml")
            + " is not a PEM certificate");
    String environ =
        Base64.getEncoder().encodeToString("HOME=/root\0PW=x".getBytes(StandardCharsets.UTF_8));
    Kubeconfig key =
        kubeconfig(
            "",
            "    client-certificate-data: "
                + TestPki.b64(CLIENT.certPem())
                + "\n    client-key-data: "
                + environ
                + "\n");
    assertRefused(
        key,
        "client-key-data of user 'u' in kubeconfig "
            + dir.resolve("k.yaml")
            + " is not a usable PEM private key (client-key-data holds no private key)");
  }

  @Test
  void realCertificatesAndKeysPass() throws IOException {
    Path ca = write("ca.crt", PKI.ca.certPem());
    Path crt = write("client.crt", CLIENT.certPem());
    Path key = write("client.key", CLIENT.traditionalKeyPem());
    FlatKubeconfig flat =
        kubeconfig(
                "    certificate-authority: " + ca + "\n",
                "    client-certificate: " + crt + "\n    client-key: " + key + "\n")
            .flatten(null);
    assertThat(flat.yaml()).contains("client-key-data: ").doesNotContain("client-key:");
  }

  // --- item 5: names with control characters --------------------------------------------------

  @Test
  void namesWithControlCharactersAreRefusedShownWithQuestionMarks() throws IOException {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://10.0.0.1:6443"}}]
        users: [{name: "u\\a", user: {token: abcdefgh}}]
        contexts: [{name: "prod\\e[31m", context: {cluster: c, user: "u\\a"}}]
        current-context: "prod\\e[31m"
        """;
    Kubeconfig k = Kubeconfig.parse(KubeconfigSources.fromFile(write("k.yaml", yaml)));
    assertRefused(
        k,
        "context 'prod?[31m' in kubeconfig "
            + dir.resolve("k.yaml")
            + ": the context name 'prod?[31m' has control characters");
  }

  @Test
  void aUserNameWithABellIsRefused() throws IOException {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://10.0.0.1:6443"}}]
        users: [{name: "u\\a", user: {token: abcdefgh}}]
        contexts: [{name: ctx, context: {cluster: c, user: "u\\a"}}]
        current-context: ctx
        """;
    Kubeconfig k = Kubeconfig.parse(KubeconfigSources.fromFile(write("k.yaml", yaml)));
    assertRefused(
        k,
        "context 'ctx' in kubeconfig "
            + dir.resolve("k.yaml")
            + ": the user name 'u?' has control characters");
  }

  @Test
  void aStoredKubeconfigWithATokenThatCannotBeSentIsRefusedOnRead() {
    String stored =
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://10.0.0.1:6443"}}]
        users: [{name: u, user: {token: "abc-secret\\r\\nxyz"}}]
        contexts: [{name: ctx, context: {cluster: c, user: u}}]
        current-context: ctx
        """;
    assertThatThrownBy(() -> Kubeconfig.read("stored for cluster 'x'", stored))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "user 'u' in kubeconfig stored for cluster 'x': the token is not a single line of"
                + " visible ASCII characters");
  }
}
