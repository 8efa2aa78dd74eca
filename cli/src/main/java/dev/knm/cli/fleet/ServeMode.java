package dev.knm.cli.fleet;

import dev.knm.cli.ExitCodes;
import dev.knm.cli.KnmContext;
import dev.knm.cli.kube.CachedNodeList;
import dev.knm.cli.options.Durations;
import dev.knm.cli.options.GlobalOptions;
import dev.knm.cli.options.ServeOptions;
import dev.knm.cluster.ClusterService;
import dev.knm.error.UsageException;
import dev.knm.fleet.BearerToken;
import dev.knm.fleet.ClusterReloader;
import dev.knm.fleet.FleetServer;
import dev.knm.fleet.HostResolver;
import dev.knm.fleet.InstanceAddress;
import dev.knm.fleet.ReloadTokens;
import dev.knm.fleet.ServeInstance;
import dev.knm.fleet.ServerTls;
import dev.knm.fleet.WatchedClusters;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * `knm watch --serve`: the watch's informers behind {@link ServeInstance}, until SIGTERM (exit 0
 * after an orderly shutdown within --shutdown-grace, 1 if the grace ran out) or SIGINT (130).
 */
public final class ServeMode {
  private ServeMode() {}

  /** Checks the options before anything starts. */
  public static ServeInstance.Config config(
      ServeOptions o, ClusterReloader.Selection selection, java.util.Map<String, String> env) {
    InstanceAddress bind = InstanceAddress.parse(o.serve, "--serve");
    Duration poll = Durations.parse(o.storePoll, "--store-poll");
    if (poll.toMillis() < 100) {
      throw new UsageException("--store-poll must be at least 100ms");
    }
    if ((o.tlsCert == null) != (o.tlsKey == null)) {
      throw new UsageException("--tls-cert and --tls-key go together");
    }
    SSLContext tls = o.tlsCert == null ? null : ServerTls.server(o.tlsCert, o.tlsKey);
    char[] raw = ReloadTokens.load(o.tokenFile, env);
    BearerToken token = null;
    if (raw != null) {
      token = BearerToken.of(raw);
      Arrays.fill(raw, '\0');
    }
    return new ServeInstance.Config(new FleetServer.Settings(bind, token, tls), selection, poll);
  }

  /**
   * Serves until a signal; returns the exit code.
   *
   * @param watched the running watch (its informers are started and stopped from here)
   */
  public static int run(
      ServeOptions o,
      ServeInstance.Config config,
      KnmContext context,
      GlobalOptions global,
      ClusterService clusters,
      WatchedClusters watched,
      PrintWriter err) {
    Duration grace = Durations.parse(o.shutdownGrace, "--shutdown-grace");
    LogLines log = new LogLines(err, o.logFormat, Clock.systemUTC());
    ServeInstance instance =
        new ServeInstance(
            config,
            context.env(),
            clusters,
            context.store(global).location(),
            watched,
            new CachedNodeList(),
            log,
            HostResolver.SYSTEM);
    CountDownLatch stop = new CountDownLatch(1);
    AtomicInteger signal = new AtomicInteger();
    Signals.onTermination(
        code -> {
          signal.compareAndSet(0, code);
          stop.countDown();
        });
    instance.start();
    try {
      stop.await();
      log.info("signal received", "signal", signal.get() == ExitCodes.INTERRUPTED ? "INT" : "TERM");
      boolean clean = instance.shutdown(grace);
      if (signal.get() == ExitCodes.INTERRUPTED) {
        return ExitCodes.INTERRUPTED;
      }
      return clean ? ExitCodes.OK : ExitCodes.ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.INTERRUPTED;
    }
  }
}
