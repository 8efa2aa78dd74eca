package dev.knm.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.knm.error.InvalidInputException;
import dev.knm.error.NotFoundException;
import dev.knm.kube.TestPki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class KubeconfigTest {

  // real certificates and a real key: import checks that they parse
  static final TestPki PKI = new TestPki("kubeconfig-test-ca");
  static final TestPki.Issued CLIENT = PKI.client("u", "EC");
  static final String CA_PEM = PKI.ca.certPem();
  static final String CERT_PEM = CLIENT.certPem();
  static final String KEY_PEM = CLIENT.pkcs8KeyPem();
  static final String CA_B64 = TestPki.b64(CA_PEM);

  static final String TWO_CONTEXTS =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: prod
        cluster:
          server: https://prod.example.com:6443
          certificate-authority-data: %CA%
          proxy-url: http://proxy.local:3128
          tls-server-name: api.prod
      - name: dev
        cluster:
          server: https://dev.example.com
          insecure-skip-tls-verify: true
      contexts:
      - name: prod-admin
        context:
          cluster: prod
          user: admin
          namespace: kube-system
      - name: dev-user
        context:
          cluster: dev
          user: dev
      current-context: prod-admin
      users:
      - name: admin
        user:
          token: s3cr3t-admin-token
      - name: dev
        user:
          username: bob
          password: hunter2
      """
          .replace("%CA%", CA_B64);

  @TempDir Path dir;

  // --- happy paths ----------------------------------------------------------------------

  @Test
  void singleContextIsFlattenedWithItsOwnEntriesOnly() {
    // given
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: https://10.0.0.1:6443
        contexts:
        - name: ctx
          context: {cluster: c, user: u}
        current-context: ctx
        users:
        - name: u
          user:
            token: abc
        """;

    // when
    Kubeconfig config = Kubeconfig.parse(source("config.yaml", yaml));
    FlatKubeconfig flat = config.flatten(null);

    // then
    assertThat(config.contextNames()).containsExactly("ctx");
    assertThat(config.currentContext()).isEqualTo("ctx");
    assertThat(flat.context()).isEqualTo("ctx");
    assertThat(flat.server()).isEqualTo("https://10.0.0.1:6443");
    assertThat(flat.user()).isEqualTo("u");
    assertThat(flat.auth()).containsExactly(AuthKind.TOKEN);
    assertThat(load(flat.yaml()))
        .isEqualTo(
            Map.of(
                "apiVersion",
                "v1",
                "kind",
                "Config",
                "clusters",
                List.of(Map.of("name", "c", "cluster", Map.of("server", "https://10.0.0.1:6443"))),
                "contexts",
                List.of(Map.of("name", "ctx", "context", Map.of("cluster", "c", "user", "u"))),
                "current-context",
                "ctx",
                "users",
                List.of(Map.of("name", "u", "user", Map.of("token", "abc")))));
  }

  @Test
  void currentContextIsFlattenedWhenNoContextIsGiven() {
    // given
    Kubeconfig config = Kubeconfig.parse(source("config.yaml", TWO_CONTEXTS));

    // when
    FlatKubeconfig flat = config.flatten(null);

    // then
    assertThat(config.contextNames()).containsExactly("prod-admin", "dev-user");
    assertThat(config.currentContext()).isEqualTo("prod-admin");
    assertThat(flat.context()).isEqualTo("prod-admin");
    assertThat(flat.server()).isEqualTo("https://prod.example.com:6443");
    assertThat(flat.user()).isEqualTo("admin");
    assertThat(flat.auth()).containsExactly(AuthKind.TOKEN);
    Map<String, Object> doc = load(flat.yaml());
    assertThat(doc.get("current-context")).isEqualTo("prod-admin");
    assertThat(names(doc, "clusters")).containsExactly("prod");
    assertThat(names(doc, "users")).containsExactly("admin");
    assertThat(section(doc, "clusters", "cluster"))
        .containsExactly(
            Map.entry("server", "https://prod.example.com:6443"),
            Map.entry("certificate-authority-data", CA_B64),
            Map.entry("proxy-url", "http://proxy.local:3128"),
            Map.entry("tls-server-name", "api.prod"));
    assertThat(section(doc, "contexts", "context"))
        .containsExactly(
            Map.entry("cluster", "prod"),
            Map.entry("user", "admin"),
            Map.entry("namespace", "kube-system"));
  }

  @Test
  void namedContextIsFlattenedAndOtherEntriesAreLeftOut() {
    // given
    Kubeconfig config = Kubeconfig.parse(source("config.yaml", TWO_CONTEXTS));

    // when
    FlatKubeconfig flat = config.flatten("dev-user");

    // then
    assertThat(flat.context()).isEqualTo("dev-user");
    assertThat(flat.server()).isEqualTo("https://dev.example.com");
    assertThat(flat.user()).isEqualTo("dev");
    assertThat(flat.auth()).containsExactly(AuthKind.BASIC);
    assertThat(flat.yaml()).doesNotContain("prod").doesNotContain("s3cr3t-admin-token");
    Map<String, Object> doc = load(flat.yaml());
    assertThat(doc.get("current-context")).isEqualTo("dev-user");
    assertThat(section(doc, "clusters", "cluster"))
        .containsExactly(
            Map.entry("server", "https://dev.example.com"),
            Map.entry("insecure-skip-tls-verify", true));
    assertThat(section(doc, "users", "user"))
        .containsExactly(Map.entry("username", "bob"), Map.entry("password", "hunter2"));
  }

  @Test
  void relativeFileReferencesAreResolvedAgainstTheFilesDirectoryAndInlined() throws IOException {
    // given
    Path certs = Files.createDirectories(dir.resolve("certs"));
    Files.writeString(certs.resolve("ca.crt"), CA_PEM);
    Files.writeString(certs.resolve("client.crt"), CERT_PEM);
    Files.writeString(certs.resolve("client.key"), KEY_PEM);
    Path file =
        write(
            "config",
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: https://k8s.local
                certificate-authority: certs/ca.crt
            contexts:
            - name: ctx
              context: {cluster: c, user: u}
            users:
            - name: u
              user:
                client-certificate: certs/client.crt
                client-key: ./certs/../certs/client.key
            """);

    // when
    FlatKubeconfig flat = Kubeconfig.parse(KubeconfigSources.fromFile(file)).flatten("ctx");

    // then
    assertThat(flat.auth()).containsExactly(AuthKind.CLIENT_CERTIFICATE);
    Map<String, Object> doc = load(flat.yaml());
    assertThat(section(doc, "clusters", "cluster"))
        .containsExactly(
            Map.entry("server", "https://k8s.local"),
            Map.entry("certificate-authority-data", b64(CA_PEM)));
    assertThat(section(doc, "users", "user"))
        .containsExactly(
            Map.entry("client-certificate-data", b64(CERT_PEM)),
            Map.entry("client-key-data", b64(KEY_PEM)));
    assertThat(decode(section(doc, "users", "user").get("client-key-data"))).isEqualTo(KEY_PEM);
  }

  @Test
  void absoluteFileReferencesAndTokenFileAreInlined() throws IOException {
    // given
    Path ca = Files.writeString(dir.resolve("ca.pem"), CA_PEM);
    Path token = Files.writeString(dir.resolve("token"), "  tok-from-file\n");
    String yaml =
        """
        clusters:
        - name: c
          cluster:
            server: http://127.0.0.1:8080
            certificate-authority: %s
        contexts:
        - name: ctx
          context: {cluster: c, user: u}
        users:
        - name: u
          user:
            tokenFile: %s
        """
            .formatted(ca.toAbsolutePath(), token.toAbsolutePath());

    // when: from a stream, so there is no base directory
    FlatKubeconfig flat =
        Kubeconfig.parse(KubeconfigSources.fromStream(stream(yaml), "stdin")).flatten("ctx");

    // then
    assertThat(flat.auth()).containsExactly(AuthKind.TOKEN);
    Map<String, Object> doc = load(flat.yaml());
    assertThat(section(doc, "clusters", "cluster"))
        .containsExactly(
            Map.entry("server", "http://127.0.0.1:8080"),
            Map.entry("certificate-authority-data", b64(CA_PEM)));
    assertThat(section(doc, "users", "user")).containsExactly(Map.entry("token", "tok-from-file"));
  }

  @Test
  void execAndAuthProviderAreKeptVerbatim() {
    // given
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: eks
          cluster:
            server: https://ABC.gr7.eu-west-1.eks.amazonaws.com
            extensions:
            - name: client.authentication.k8s.io/exec
              extension: {audience: sts}
        contexts:
        - name: eks
          context: {cluster: eks, user: eks}
        current-context: eks
        users:
        - name: eks
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws
              args: [--region, eu-west-1, eks, get-token, --cluster-name, prod]
              env:
              - name: AWS_PROFILE
                value: "123"
              interactiveMode: IfAvailable
              provideClusterInfo: false
            auth-provider:
              name: oidc
              config: {idp-issuer-url: "https://issuer", client-id: knm}
        """;
    Map<String, Object> original = load(yaml);

    // when
    FlatKubeconfig flat = Kubeconfig.parse(source("eks.yaml", yaml)).flatten(null);

    // then
    assertThat(flat.auth()).containsExactlyInAnyOrder(AuthKind.EXEC, AuthKind.AUTH_PROVIDER);
    Map<String, Object> doc = load(flat.yaml());
    assertThat(section(doc, "users", "user")).isEqualTo(section(original, "users", "user"));
    assertThat(section(doc, "clusters", "cluster"))
        .isEqualTo(section(original, "clusters", "cluster"));
  }

  @Test
  void base64EncodedKubeconfigIsDecoded() {
    // given: wrapped at 76 columns like `base64` does
    String encoded = Base64.getMimeEncoder().encodeToString(bytes(TWO_CONTEXTS)) + "\n";

    // when
    Kubeconfig config = Kubeconfig.parse(source("b64", encoded));

    // then
    assertThat(encoded).contains("\r\n");
    assertThat(config.contextNames()).containsExactly("prod-admin", "dev-user");
    assertThat(config.flatten("dev-user").server()).isEqualTo("https://dev.example.com");
  }

  @Test
  void urlSafeBase64KubeconfigIsDecoded() {
    // given: bytes chosen so the encoding holds '-' or '_'
    String yaml = TWO_CONTEXTS + "# ~~~???>>>\n";
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(yaml));

    // when
    Kubeconfig config = Kubeconfig.parse(source("b64", encoded));

    // then
    assertThat(encoded).containsAnyOf("-", "_");
    assertThat(config.currentContext()).isEqualTo("prod-admin");
  }

  @Test
  void readRoundTripsAFlattenedKubeconfig() {
    // given
    FlatKubeconfig flat = Kubeconfig.parse(source("config.yaml", TWO_CONTEXTS)).flatten(null);

    // when
    FlatKubeconfig read = Kubeconfig.read(flat.yaml());

    // then
    assertThat(read).usingRecursiveComparison().isEqualTo(flat);
    assertThat(read.yaml()).isEqualTo(flat.yaml());
    assertThat(read.toString()).doesNotContain("s3cr3t-admin-token");
  }

  @Test
  void userWithoutCredentialsHasAuthNone() {
    // given
    String yaml =
        """
        clusters: [{name: c, cluster: {server: "https://x"}}]
        contexts: [{name: ctx, context: {cluster: c, user: u}}]
        users: [{name: u, user: {}}]
        """;

    // when
    FlatKubeconfig flat = Kubeconfig.parse(source("k", yaml)).flatten("ctx");

    // then
    assertThat(flat.auth()).isEqualTo(Set.of(AuthKind.NONE));
  }

  @Test
  void emptyCurrentContextIsNull() {
    // given
    String yaml = TWO_CONTEXTS.replace("current-context: prod-admin", "current-context: \"\"");

    // when
    Kubeconfig config = Kubeconfig.parse(source("config.yaml", yaml));

    // then
    assertThat(config.currentContext()).isNull();
  }

  @Test
  void dnsLabelMakesContextNamesSafe() {
    assertThat(Kubeconfig.dnsLabel("prod-admin")).isEqualTo("prod-admin");
    assertThat(Kubeconfig.dnsLabel("arn:aws:eks:eu-west-1:123456789012:cluster/Prod"))
        .isEqualTo("arn-aws-eks-eu-west-1-123456789012-cluster-prod");
    assertThat(Kubeconfig.dnsLabel("  --Admin@Kubernetes__ ")).isEqualTo("admin-kubernetes");
    assertThat(Kubeconfig.dnsLabel("***")).matches("ctx-[0-9a-f]{8}");
    String longA = "gke_my-project-with-a-long-name_europe-west1-b_cluster-number-one-a";
    String longB = "gke_my-project-with-a-long-name_europe-west1-b_cluster-number-one-b";
    assertThat(Kubeconfig.dnsLabel(longA))
        .hasSizeLessThanOrEqualTo(63)
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
        .startsWith("gke-my-project-with-a-long-name-europe-west1-b-cluster")
        .isNotEqualTo(Kubeconfig.dnsLabel(longB));
  }

  // --- bad input ------------------------------------------------------------------------

  @Test
  void emptyInputIsRejected() {
    assertInvalid(source("config.yaml", " \n\t\n"), "kubeconfig config.yaml is empty");
  }

  @Test
  void binaryInputIsRejected() {
    assertInvalid(
        new KubeconfigSource("blob", new byte[] {'a', 'b', 0, 1, 2}, null),
        "kubeconfig blob is not text (binary data)");
  }

  @Test
  void invalidUtf8IsRejectedAsBinary() {
    assertInvalid(
        new KubeconfigSource("blob", new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28}, null),
        "kubeconfig blob is not text (binary data)");
  }

  @Test
  void truncatedYamlIsRejected() {
    // given: cut inside a quoted scalar
    String truncated = "apiVersion: v1\nclusters:\n- name: c\n  cluster:\n    server: \"https://x";

    assertInvalid(
        source("config.yaml", truncated),
        "kubeconfig config.yaml is not valid YAML (line 5, column 23)");
  }

  @Test
  void yamlThatIsNotAKubeconfigIsRejected() {
    assertInvalid(
        source("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n"),
        "kubeconfig pod.yaml is not a kubeconfig: kind is 'Pod', expected 'Config'");
    assertInvalid(
        source("map.yaml", "foo: bar\n"),
        "kubeconfig map.yaml is not a kubeconfig: no clusters, contexts or users");
    assertInvalid(
        source("list.yaml", "- a\n- b\n"),
        "kubeconfig list.yaml is not a kubeconfig: the document is a list");
    assertInvalid(
        source("scalar.yaml", "just some words\n"),
        "kubeconfig scalar.yaml is not a kubeconfig: the document is a single value");
  }

  @Test
  void kubeconfigWithoutContextsIsRejected() {
    assertInvalid(
        source("k", "apiVersion: v1\nkind: Config\nclusters: null\ncontexts: null\nusers: null\n"),
        "kubeconfig k has no contexts");
  }

  @Test
  void billionLaughsFailsFast() {
    // given: 9 levels of 9 aliases: 9^9 strings if expanded
    StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    String previous = "a";
    for (char level = 'b'; level <= 'i'; level++) {
      bomb.append(level).append(": &").append(level).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ",").append('*').append(previous);
      }
      bomb.append("]\n");
      previous = String.valueOf(level);
    }

    // when
    Throwable thrown =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2),
            () -> catchThrowable(() -> Kubeconfig.parse(source("bomb.yaml", bomb.toString()))));

    // then
    assertThat(thrown)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("kubeconfig bomb.yaml is not valid YAML: too many aliases (more than 50)");
  }

  @Test
  void aliasesUnderTheLimitAreNotExpandedWhenFlattening() {
    // given: 2^24 strings if expanded, 48 aliases only, under the user's exec section
    StringBuilder yaml = new StringBuilder("x0: &x0 [lol, lol]\n");
    for (int i = 1; i <= 24; i++) {
      yaml.append("x%d: &x%d [*x%d, *x%d]\n".formatted(i, i, i - 1, i - 1));
    }
    yaml.append(
        """
        clusters: [{name: c, cluster: {server: "https://x"}}]
        contexts: [{name: ctx, context: {cluster: c, user: u}}]
        users: [{name: u, user: {exec: {command: x, args: *x24}}}]
        """);

    // when
    FlatKubeconfig flat =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> Kubeconfig.parse(source("k", yaml.toString())).flatten("ctx"));

    // then: the output keeps anchors instead of copies
    assertThat(flat.yaml().length()).isLessThan(10_000);
    assertThat(flat.auth()).containsExactly(AuthKind.EXEC);
  }

  @Test
  void recursiveAliasIsRejected() {
    assertInvalid(
        source("k", "a: &a [*a]\nclusters: []\n"),
        "kubeconfig k is not valid YAML: recursive alias");
  }

  @Test
  void duplicateKeysAreRejected() {
    assertInvalid(
        source("k", "clusters: []\nusers: []\nclusters: []\n"),
        "kubeconfig k is not valid YAML: duplicate key (line 3, column 1)");
  }

  @Test
  void arbitraryTypesAreRejected() {
    assertInvalid(
        source("k", "x: !!javax.script.ScriptEngineManager [!!java.net.URL [\"http://e/\"]]\n"),
        "kubeconfig k is not valid YAML: unsupported tag (line 1, column 4)");
  }

  @Test
  void fileOver4MiBIsRejectedWithoutReadingTheRest() throws IOException {
    // given: a stream far larger than 4 MiB that counts what is read from it
    long[] read = {0};
    InputStream huge =
        new InputStream() {
          @Override
          public int read() {
            read[0]++;
            return 'a';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'a');
            read[0] += len;
            return len;
          }
        };

    // when
    Throwable thrown = catchThrowable(() -> KubeconfigSources.fromStream(huge, "stdin"));

    // then
    assertThat(thrown)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("kubeconfig stdin is larger than 4 MiB");
    assertThat(read[0]).isEqualTo(4L * 1024 * 1024 + 1);
  }

  @Test
  void file4MiBPlusOneByteIsRejected() throws IOException {
    // given
    Path file = dir.resolve("big.yaml");
    Files.write(file, new byte[4 * 1024 * 1024 + 1]);

    // then
    assertThatThrownBy(() -> KubeconfigSources.fromFile(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("kubeconfig " + file + " is larger than 4 MiB");
  }

  @Test
  void missingFileIsRejected() {
    Path file = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> KubeconfigSources.fromFile(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("kubeconfig " + file + " does not exist");
  }

  @Test
  void directoryIsRejected() {
    assertThatThrownBy(() -> KubeconfigSources.fromFile(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("kubeconfig " + dir + " is a directory, not a file");
  }

  @Test
  void fileSourceKnowsItsOriginAndBaseDir() throws IOException {
    // given
    Path file = write("kc.yaml", TWO_CONTEXTS);

    // when
    KubeconfigSource source = KubeconfigSources.fromFile(file);

    // then
    assertThat(source.origin()).isEqualTo(file.toString());
    assertThat(source.baseDir()).isEqualTo(dir.toAbsolutePath().normalize());
    assertThat(source.bytes()).isEqualTo(bytes(TWO_CONTEXTS));
  }

  @Test
  void missingCurrentContextIsRejected() {
    // given
    Kubeconfig config =
        Kubeconfig.parse(
            source("config.yaml", TWO_CONTEXTS.replace("current-context: prod-admin\n", "")));

    // then
    assertThat(config.currentContext()).isNull();
    assertThatThrownBy(() -> config.flatten(null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "kubeconfig config.yaml has no current-context; pass --context (available:"
                + " prod-admin, dev-user)");
  }

  @Test
  void unknownContextIsNotFound() {
    Kubeconfig config = Kubeconfig.parse(source("config.yaml", TWO_CONTEXTS));

    assertThatThrownBy(() -> config.flatten("staging"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "context 'staging' not found in kubeconfig config.yaml (available: prod-admin,"
                + " dev-user)");
  }

  @Test
  void missingReferencedKeyFileIsRejected() throws IOException {
    // given
    Path file =
        write(
            "config",
            """
            clusters: [{name: c, cluster: {server: "https://x"}}]
            contexts: [{name: ctx, context: {cluster: c, user: u}}]
            users:
            - name: u
              user: {client-certificate-data: %s, client-key: keys/u.key}
            """
                .formatted(TestPki.b64(CERT_PEM)));
    Kubeconfig config = Kubeconfig.parse(KubeconfigSources.fromFile(file));

    // then
    assertThatThrownBy(() -> config.flatten("ctx"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "client-key file "
                + dir.toAbsolutePath().resolve("keys/u.key")
                + " referenced by user 'u' does not exist");
  }

  @Test
  void contextPointingToAMissingClusterIsRejected() {
    Kubeconfig config =
        Kubeconfig.parse(
            source(
                "k",
                """
                clusters: [{name: c, cluster: {server: "https://x"}}]
                contexts: [{name: ctx, context: {cluster: gone, user: u}}]
                users: [{name: u, user: {}}]
                """));

    assertThatThrownBy(() -> config.flatten("ctx"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("context 'ctx' in kubeconfig k refers to cluster 'gone', which is not defined");
  }

  @Test
  void clusterWithoutAnHttpServerIsRejectedWithoutShowingTheServer() {
    Kubeconfig config =
        Kubeconfig.parse(
            source(
                "k",
                """
                clusters: [{name: c, cluster: {server: "ftp://admin:pw@x"}}]
                contexts: [{name: ctx, context: {cluster: c, user: u}}]
                users: [{name: u, user: {}}]
                """));

    assertThatThrownBy(() -> config.flatten("ctx"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("cluster 'c' in kubeconfig k has a server that is not an http(s) URL");
  }

  @Test
  void invalidBase64IsRejected() {
    assertInvalid(
        source("b64", "YXBpVmVyc2lvbjogdjEK" + "Q"),
        "kubeconfig b64 looks like base64 but does not decode: truncated (length is not a"
            + " multiple of 4)");
    assertInvalid(
        source("b64", "YXBp+VmV_yc2lv"),
        "kubeconfig b64 looks like base64 but does not decode: it mixes standard (+/) and"
            + " URL-safe (-_) characters");
  }

  @Test
  void malformedYamlNeverEchoesASecret() {
    // given: a token on a line that breaks the YAML
    String secret = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2VuLXZhbHVl";
    String yaml =
        """
        users:
        - name: u
          user:
            token: %s: "oops
        """
            .formatted(secret);

    // when
    Throwable thrown = catchThrowable(() -> Kubeconfig.parse(source("config.yaml", yaml)));

    // then
    assertThat(thrown)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("kubeconfig config.yaml is not valid YAML (line 4, column 57)")
        .hasNoCause();
    assertThat(thrown.toString()).doesNotContain(secret).doesNotContain("eyJ");
  }

  @Test
  void utf16WithByteOrderMarkIsRead() {
    // given: what PowerShell 5 writes for `kubectl config view --raw > file`
    byte[] bom = {(byte) 0xFF, (byte) 0xFE};
    byte[] body = TWO_CONTEXTS.getBytes(StandardCharsets.UTF_16LE);
    byte[] bytes = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, bytes, 0, 2);
    System.arraycopy(body, 0, bytes, 2, body.length);

    // when
    Kubeconfig config = Kubeconfig.parse(new KubeconfigSource("ps.yaml", bytes, null));

    // then
    assertThat(config.contextNames()).containsExactly("prod-admin", "dev-user");
  }

  @Test
  void currentContextThatIsNotDefinedIsNotFound() {
    Kubeconfig config =
        Kubeconfig.parse(
            source(
                "config.yaml",
                TWO_CONTEXTS.replace("current-context: prod-admin", "current-context: old")));

    assertThatThrownBy(() -> config.flatten(null))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "current-context 'old' not found in kubeconfig config.yaml (available: prod-admin,"
                + " dev-user)");
  }

  @Test
  void duplicateContextNamesAreRejected() {
    assertInvalid(
        source(
            "k",
            """
            clusters: [{name: c, cluster: {server: "https://x"}}]
            contexts: [{name: a, context: {cluster: c, user: u}}, {name: a, context: {cluster: c, user: u}}]
            users: [{name: u, user: {}}]
            """),
        "kubeconfig k is not a kubeconfig: context 'a' is defined twice");
  }

  @Test
  void deeplyNestedYamlIsRejected() {
    assertInvalid(
        source("k", "x: " + "[".repeat(200) + "]".repeat(200) + "\n"),
        "kubeconfig k is not valid YAML: nested too deeply (more than 64 levels)");
  }

  @Test
  void readRejectsAKubeconfigWithSeveralContexts() {
    assertThatThrownBy(() -> Kubeconfig.read(TWO_CONTEXTS))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("stored kubeconfig is not flattened: it has 2 contexts");
  }

  // --- helpers --------------------------------------------------------------------------

  private static void assertInvalid(KubeconfigSource source, String message) {
    assertThatThrownBy(() -> Kubeconfig.parse(source))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(message);
  }

  private static KubeconfigSource source(String origin, String text) {
    return new KubeconfigSource(origin, bytes(text), null);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(bytes(text));
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(bytes(text));
  }

  private static String decode(Object base64) {
    return new String(Base64.getDecoder().decode((String) base64), StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(String yaml) {
    return (Map<String, Object>) new Yaml().load(yaml);
  }

  @SuppressWarnings("unchecked")
  private static List<String> names(Map<String, Object> doc, String list) {
    return ((List<Map<String, Object>>) doc.get(list))
        .stream().map(e -> (String) e.get("name")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> doc, String list, String key) {
    List<Map<String, Object>> entries = (List<Map<String, Object>>) doc.get(list);
    assertThat(entries).hasSize(1);
    return (Map<String, Object>) entries.get(0).get(key);
  }
}
