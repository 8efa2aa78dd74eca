package dev.knm.cli.kube;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An API server that hangs: it accepts every connection and never answers, not even the TLS
 * handshake (what a wedged apiserver or a black-holing load balancer looks like to a client). It
 * counts the connections it was asked for.
 */
final class HungServer implements AutoCloseable {
  private final ServerSocket socket;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();

  HungServer() throws IOException {
    socket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  held.add(socket.accept());
                  accepted.incrementAndGet();
                } catch (IOException e) {
                  return; // closed
                }
              }
            },
            "hung-server");
    t.setDaemon(true);
    t.start();
  }

  /** https://127.0.0.1:PORT */
  String url() {
    return "https://127.0.0.1:" + socket.getLocalPort();
  }

  /** A kubeconfig written for {@code serverUrl} (e.g. a sandbox's) pointed at this server. */
  String kubeconfigFrom(String kubeconfig, String serverUrl) {
    return kubeconfig.replace(serverUrl, url());
  }

  int connections() {
    return accepted.get();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : held) {
      s.close();
    }
  }
}
