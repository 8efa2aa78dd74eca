package dev.knm.sandbox.fleet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many stand-in knm instances on loopback for broadcast tests and benchmarks: some answer a reload
 * as a knm instance does ({@code {"instance":..., "cluster":..., "action":"unchanged"}}, 401
 * without the token), some accept connections and never answer (their backlog takes the connection,
 * nothing reads it), and some refuse (a port nothing listens on).
 *
 * <p>{@code java -cp 'lib/*' dev.knm.sandbox.fleet.FakeInstances --answering 170 --silent 20
 * --refusing 10 [--order first|shuffled] [--token-file F] --addresses-out FILE} serves until
 * killed.
 */
public final class FakeInstances implements AutoCloseable {
  /** Where the silent and refusing instances sit in the address list. */
  public enum Order {
    /** Silent ones first, then refusing, then answering. */
    FIRST,
    /** All shuffled with a fixed seed (42): the same list every run. */
    SHUFFLED
  }

  private final List<HttpServer> servers = new ArrayList<>();
  private final List<ServerSocket> silent = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();
  private final AtomicInteger reloads = new AtomicInteger();
  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "fake-instance");
            t.setDaemon(true);
            return t;
          });

  private FakeInstances() {}

  public static FakeInstances start(
      int answering, int silentCount, int refusing, String token, Order order) throws IOException {
    FakeInstances f = new FakeInstances();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    List<String> silentAddresses = new ArrayList<>();
    List<String> refusingAddresses = new ArrayList<>();
    List<String> answeringAddresses = new ArrayList<>();
    for (int i = 0; i < silentCount; i++) {
      ServerSocket s = new ServerSocket(0, 50, loopback);
      f.silent.add(s);
      silentAddresses.add("127.0.0.1:" + s.getLocalPort());
    }
    for (int i = 0; i < refusing; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
        refusingAddresses.add("127.0.0.1:" + s.getLocalPort()); // closed: nothing listens after
      }
    }
    for (int i = 0; i < answering; i++) {
      String id = "fake-" + i;
      HttpServer server = HttpServer.create(new InetSocketAddress(loopback, 0), 50);
      server.createContext("/", ex -> f.answer(ex, id, token));
      server.setExecutor(f.executor);
      server.start();
      f.servers.add(server);
      answeringAddresses.add("127.0.0.1:" + server.getAddress().getPort());
    }
    f.addresses.addAll(silentAddresses);
    f.addresses.addAll(refusingAddresses);
    f.addresses.addAll(answeringAddresses);
    if (order == Order.SHUFFLED) {
      Collections.shuffle(f.addresses, new Random(42));
    }
    return f;
  }

  private void answer(HttpExchange ex, String id, String token) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getRawPath();
      String prefix = "/api/v1/internal/clusters/";
      int status;
      String body;
      if (token != null
          && !("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        status = 401;
        body = "{\"instance\":\"" + id + "\",\"error\":\"missing or wrong bearer token\"}";
      } else if (ex.getRequestMethod().equals("POST")
          && path.startsWith(prefix)
          && path.endsWith("/reload")) {
        reloads.incrementAndGet();
        String cluster = path.substring(prefix.length(), path.length() - "/reload".length());
        status = 200;
        body =
            "{\"instance\":\""
                + id
                + "\",\"cluster\":\""
                + cluster
                + "\",\"action\":\"unchanged\"}";
      } else {
        status = 404;
        body = "{\"instance\":\"" + id + "\",\"error\":\"no such endpoint\"}";
      }
      byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Every address, HOST:PORT, in the chosen order. */
  public List<String> addresses() {
    return List.copyOf(addresses);
  }

  /** Reloads answered so far. */
  public int reloads() {
    return reloads.get();
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
    for (ServerSocket s : silent) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    executor.shutdownNow();
  }

  public static void main(String[] args) throws Exception {
    int answering = 170;
    int silentCount = 20;
    int refusing = 10;
    String token = null;
    Path out = null;
    Order order = Order.FIRST;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--answering" -> answering = Integer.parseInt(args[++i]);
        case "--silent" -> silentCount = Integer.parseInt(args[++i]);
        case "--refusing" -> refusing = Integer.parseInt(args[++i]);
        case "--token-file" -> token = Files.readString(Path.of(args[++i])).strip();
        case "--order" -> order = Order.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
        case "--addresses-out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    FakeInstances f = start(answering, silentCount, refusing, token, order);
    String list = String.join(",", f.addresses());
    if (out != null) {
      Path tmp = Path.of(out + ".tmp");
      Files.writeString(tmp, list + "\n");
      Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } else {
      System.out.println(list);
    }
    Thread.currentThread().join(); // until killed
  }
}
