package dev.knm.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretScrubberTest {
  static final String TOKEN = "tok-Zq81-secret-value";
  static final String KEY_LINE = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg";
  static final String KEY_PEM =
      "-----BEGIN PRIVATE KEY-----\n" + KEY_LINE + "\nAAAA\n-----END PRIVATE KEY-----\n";

  @Test
  void masksEachSecretItsLinesAndWhatItsBase64Decodes() {
    // given: a token with CR LF, a password, and a key as a kubeconfig holds it (base64 of PEM)
    String twoLines = "first-half-abc\r\nsecond-half-xyz";
    String keyData = Base64.getEncoder().encodeToString(KEY_PEM.getBytes(StandardCharsets.UTF_8));
    SecretScrubber s = SecretScrubber.of(List.of(twoLines, "hunter2-pw", keyData));

    // then
    assertThat(s.scrub("header value: Bearer first-half-abc\r\nsecond-half-xyz end"))
        .isEqualTo("header value: Bearer *** end");
    assertThat(s.scrub("only second-half-xyz here")).isEqualTo("only *** here");
    assertThat(s.scrub("pw hunter2-pw, key " + KEY_LINE + " and data " + keyData))
        .isEqualTo("pw ***, key *** and data ***");
  }

  @Test
  void theGenericShapesNeedNoSecret() {
    SecretScrubber g = SecretScrubber.generic();
    assertThat(g.scrub("Authorization: Bearer abc.def")).isEqualTo("Authorization: Bearer ***");
    assertThat(g.scrub("Basic dXNlcjpwYXNz sent")).isEqualTo("Basic *** sent");
    assertThat(g.scrub("key " + KEY_PEM + "tail")).isEqualTo("key [PRIVATE KEY removed]\ntail");
    assertThat(g.scrub("cut -----BEGIN RSA PRIVATE KEY-----\nMIIabc"))
        .isEqualTo("cut [RSA PRIVATE KEY removed]");
    assertThat(g.scrub("jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln done"))
        .isEqualTo("jwt *** done");
    assertThat(g.scrub("url ?user=a&password=s3cr3t&x=1 token: abcdef"))
        .isEqualTo("url ?user=a&password=***&x=1 token: ***");
    assertThat(g.scrub("connection refused")).isEqualTo("connection refused");
  }

  @Test
  void shortValuesAreNotMaskedByValueButTheirShapesAre() {
    SecretScrubber s = SecretScrubber.of(List.of("t", "ab12"));
    assertThat(s.scrub("cluster test: Bearer t")).isEqualTo("cluster test: Bearer ***");
  }

  @Test
  void anExceptionChainWithASecretIsCopiedScrubbedWithItsTypesAndFrames() {
    // given
    IOException root = new IOException("io failed near " + TOKEN);
    IllegalArgumentException top = new IllegalArgumentException("header: Bearer " + TOKEN, root);
    SecretScrubber s = SecretScrubber.of(List.of(TOKEN));

    // when
    Throwable copy = s.scrub(top);

    // then
    StringWriter trace = new StringWriter();
    copy.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString())
        .startsWith("java.lang.IllegalArgumentException: header: Bearer ***")
        .contains("Caused by: java.io.IOException: io failed near ***")
        .contains("at dev.knm.error.SecretScrubberTest.")
        .doesNotContain(TOKEN);
    assertThat(((SecretScrubber.Scrubbed) copy).type())
        .isEqualTo("java.lang.IllegalArgumentException");
  }

  @Test
  void aCleanExceptionIsKeptAsItIs() {
    IOException clean = new IOException("connection refused");
    assertThat(SecretScrubber.of(List.of(TOKEN)).scrub(clean)).isSameAs(clean);
  }
}
