package dev.knm.cli.fleet;

import dev.knm.cli.KnmContext;
import dev.knm.cli.kube.CachedNodeList;
import dev.knm.cli.options.Durations;
import dev.knm.cli.options.GlobalOptions;
import dev.knm.cli.options.ServeOptions;
import dev.knm.cluster.ClusterService;
import dev.knm.error.UsageException;
import dev.knm.fleet.BearerToken;
import dev.knm.fleet.ClusterReloader;
import dev.knm.fleet.FleetLog;
import dev.knm.fleet.FleetMetrics;
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
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * `knm watch --serve`: the watch's informers behind {@link ServeInstance}. The watch command owns
 * the signals; on SIGTERM it calls {@link Session#stop}, which shuts down in order within
 * --shutdown-grace.
 */
public final class ServeMode {
  private ServeMode() {}

  /** The serve options checked and resolved, before anything starts. */
  public record Prepared(ServeInstance.Config config, Duration grace, LogLines.Format logFormat) {}

  /**
   * Checks the options: the address, durations, TLS files, token.
   *
   * @throws UsageException for a malformed option
   */
  public static Prepared prepare(
      ServeOptions o, ClusterReloader.Selection selection, Map<String, String> env) {
    InstanceAddress bind = InstanceAddress.parse(o.serve, "--serve");
    Duration poll = Durations.parse(o.storePoll, "--store-poll");
    if (poll.toMillis() < 100) {
      throw new UsageException("--store-poll must be at least 100ms");
    }
    Duration grace = Durations.parse(o.shutdownGrace, "--shutdown-grace");
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
    return new Prepared(
        new ServeInstance.Config(new FleetServer.Settings(bind, token, tls), selection, poll),
        grace,
        o.logFormat);
  }

  /** A running instance. */
  public static final class Session {
    private final ServeInstance instance;
    private final Duration grace;
    private final FleetLog log;

    private Session(ServeInstance instance, Duration grace, FleetLog log) {
      this.instance = instance;
      this.grace = grace;
      this.log = log;
    }

    public ServeInstance instance() {
      return instance;
    }

    /** The instance's log (the watch's connection events go there in serve mode). */
    public FleetLog log() {
      return log;
    }

    /** Readiness 503, reloads in flight finish, informers stop, port closed; true if in time. */
    public boolean stop() throws InterruptedException {
      return instance.shutdown(grace);
    }
  }

  /**
   * Starts serving: reads every selected cluster from the store, starts its informer, binds.
   *
   * @throws UsageException for a non-loopback address without a token
   * @throws dev.knm.error.NotFoundException for an unknown -c name
   */
  public static Session start(
      Prepared prepared,
      KnmContext context,
      GlobalOptions global,
      ClusterService clusters,
      WatchedClusters watched,
      Consumer<FleetMetrics> beforeStart,
      PrintWriter err) {
    LogLines log = new LogLines(err, prepared.logFormat(), Clock.systemUTC());
    ServeInstance instance =
        new ServeInstance(
            prepared.config(),
            context.env(),
            clusters,
            context.store(global).location(),
            watched,
            new CachedNodeList(),
            log,
            HostResolver.SYSTEM);
    beforeStart.accept(instance.metrics()); // e.g. the watch counts into them from its start
    instance.start();
    return new Session(instance, prepared.grace(), log);
  }
}
