package dev.knm.sandbox;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * JDK TLS engines that pick the cipher suite by the client's order, not the server's.
 *
 * <p>Why: kube-apiserver is Go, and Go's crypto/tls (1.17+) picks ChaCha20-Poly1305 when the
 * client's first known suite is not AES-GCM, AES-GCM otherwise ({@code aesgcmPreferred} in
 * handshake_server_tls13.go and handshake_server.go). The JDK server keeps its own order (AES-256
 * first) and so gave knm, which lists ChaCha20 first, AES where a real API server gives ChaCha20.
 * Taking the client's order gives ChaCha20-first clients ChaCha20 and kubectl (AES-128-GCM first)
 * AES-128-GCM, as Go does; a client listing AES-256-GCM first (the JDK's default) gets AES-256 here
 * and AES-128 from Go. Vert.x has no option for it, hence the hook on every new engine.
 */
final class ClientCipherOrder extends JdkSSLEngineOptions {
  ClientCipherOrder() {}

  private ClientCipherOrder(ClientCipherOrder other) {
    super(other);
  }

  /** Vert.x copies its options; a plain copy would lose the hook. */
  @Override
  public ClientCipherOrder copy() {
    return new ClientCipherOrder(this);
  }

  @Override
  public SslContextFactory sslContextFactory() {
    return new Factory(super.sslContextFactory());
  }

  /** Vert.x's own factory, with each context it makes wrapped. */
  private static final class Factory implements SslContextFactory {
    private final SslContextFactory delegate;

    Factory(SslContextFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public SslContext create() throws SSLException {
      return new DelegatingSslContext(delegate.create()) {
        @Override
        protected void initEngine(SSLEngine engine) {
          SSLParameters p = engine.getSSLParameters();
          p.setUseCipherSuitesOrder(false);
          engine.setSSLParameters(p);
        }
      };
    }

    @Override
    public SslContextFactory useAlpn(boolean useAlpn) {
      delegate.useAlpn(useAlpn);
      return this;
    }

    @Override
    public SslContextFactory clientAuth(ClientAuth clientAuth) {
      delegate.clientAuth(clientAuth);
      return this;
    }

    @Override
    public SslContextFactory forClient(boolean forClient) {
      delegate.forClient(forClient);
      return this;
    }

    @Override
    public SslContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
      delegate.keyMananagerFactory(kmf);
      return this;
    }

    @Override
    public SslContextFactory trustManagerFactory(TrustManagerFactory tmf) {
      delegate.trustManagerFactory(tmf);
      return this;
    }

    @Override
    public SslContextFactory enabledCipherSuites(Set<String> suites) {
      delegate.enabledCipherSuites(suites);
      return this;
    }

    @Override
    public SslContextFactory applicationProtocols(List<String> protocols) {
      delegate.applicationProtocols(protocols);
      return this;
    }

    @Override
    public SslContextFactory serverName(String serverName) {
      delegate.serverName(serverName);
      return this;
    }
  }
}
