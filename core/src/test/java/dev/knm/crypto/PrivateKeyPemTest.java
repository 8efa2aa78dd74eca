package dev.knm.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.kube.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PrivateKeyPemTest {
  static TestPki.Issued rsa;
  static TestPki.Issued ec;

  @BeforeAll
  static void given_an_rsa_and_an_ec_client() {
    TestPki pki = new TestPki("keys-ca");
    rsa = pki.client("rsa", "RSA");
    ec = pki.client("ec", "EC");
  }

  private static PrivateKey parse(String pem) {
    return PrivateKeyPem.parse(pem.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void rsa_pkcs1_and_pkcs8_give_the_same_key() {
    assertThat(rsa.traditionalKeyPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    PrivateKey fromPkcs1 = parse(rsa.traditionalKeyPem());
    PrivateKey fromPkcs8 = parse(rsa.pkcs8KeyPem());

    assertThat(fromPkcs1.getAlgorithm()).isEqualTo("RSA");
    assertThat(fromPkcs1.getEncoded()).isEqualTo(rsa.keys().getPrivate().getEncoded());
    assertThat(fromPkcs8.getEncoded()).isEqualTo(rsa.keys().getPrivate().getEncoded());
  }

  @Test
  void ec_sec1_and_pkcs8_give_the_same_key() {
    assertThat(ec.traditionalKeyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----");
    ECPrivateKey original = (ECPrivateKey) ec.keys().getPrivate();

    ECPrivateKey fromSec1 = (ECPrivateKey) parse(ec.traditionalKeyPem());
    ECPrivateKey fromPkcs8 = (ECPrivateKey) parse(ec.pkcs8KeyPem());

    assertThat(fromSec1.getS()).isEqualTo(original.getS());
    assertThat(fromSec1.getParams().getOrder()).isEqualTo(original.getParams().getOrder());
    assertThat(fromPkcs8.getS()).isEqualTo(original.getS());
  }

  @Test
  void ec_parameters_block_before_the_key_is_skipped() {
    // what `openssl ecparam -genkey` writes
    String pem =
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
            + ec.traditionalKeyPem();

    assertThat(((ECPrivateKey) parse(pem)).getS())
        .isEqualTo(((ECPrivateKey) ec.keys().getPrivate()).getS());
  }

  @Test
  void encrypted_and_broken_keys_are_refused_without_their_content() {
    String encrypted =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nU0VDUkVUS0VZ\n-----END ENCRYPTED PRIVATE KEY-----\n";
    String broken =
        "-----BEGIN RSA PRIVATE KEY-----\nU0VDUkVUS0VZ\n-----END RSA PRIVATE KEY-----\n";
    String brokenEc =
        "-----BEGIN EC PRIVATE KEY-----\nU0VDUkVUS0VZ\n-----END EC PRIVATE KEY-----\n";
    String legacy =
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
            + "U0VDUkVUS0VZ\n-----END RSA PRIVATE KEY-----\n";

    assertThatThrownBy(() -> parse(encrypted)).hasMessage("client key is encrypted");
    assertThatThrownBy(() -> parse(broken)).hasMessage("client key (RSA) cannot be read");
    assertThatThrownBy(() -> parse(brokenEc)).hasMessage("client key is not valid DER");
    assertThatThrownBy(() -> parse(legacy))
        .hasMessage("a PEM block has headers (an encrypted key?)");
    assertThatThrownBy(() -> parse(rsa.certPem()))
        .hasMessage("client-key-data holds no private key");
  }
}
