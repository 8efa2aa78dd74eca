package dev.knm.cli;

import dev.knm.cli.audit.AuditRecorder;
import dev.knm.cli.audit.CommandLineText;
import dev.knm.cli.options.DeadlineOptions;
import dev.knm.cli.options.GlobalOptions;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.render.Colors;
import dev.knm.cli.render.Json;
import dev.knm.cli.render.Yaml;
import dev.knm.cluster.ClusterService;
import dev.knm.cluster.Deadline;
import dev.knm.error.ErrorText;
import dev.knm.error.SecretScrubber;
import dev.knm.kube.transport.TimeoutTier;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: its streams, the global options, the lazily built core services. */
public abstract class BaseCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  protected final KnmCommand root() {
    return (KnmCommand) spec.root().userObject();
  }

  protected final GlobalOptions global() {
    return root().global();
  }

  protected final KnmContext context() {
    return root().context();
  }

  protected final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  protected final OutputFormat format() {
    return global().output;
  }

  protected final Colors colors() {
    boolean on =
        context().terminal()
            && !global().noColor
            && context().env().getOrDefault("NO_COLOR", "").isEmpty();
    return new Colors(on);
  }

  /**
   * The command's deadline for a cluster of a size tier: --deadline (or KNM_DEADLINE), else the
   * tier's default, counted from the start of this invocation.
   */
  protected final Function<TimeoutTier, Deadline> deadlines(DeadlineOptions options) {
    return tier -> options.forTier(tier, context().startNanos(), context().env());
  }

  protected final ClusterService clusters() {
    return context().clusterService(global(), this::notice, createsStore());
  }

  /**
   * Whether this command may create a store that does not exist yet (import): the others say "no
   * store at PATH" for a --store or KNM_STORE path that does not exist, rather than create one.
   */
  protected boolean createsStore() {
    return false;
  }

  /** Records this (mutating) command in the audit log: see {@link AuditRecorder}. */
  protected final AuditRecorder audit() {
    return new AuditRecorder(
        context(),
        global(),
        CommandLineText.of(spec.root().commandLine().getParseResult().originalArgs()),
        this::notice);
  }

  /** A message for the human (progress, hints, warnings): stderr, silenced by -q. */
  protected final void notice(String message) {
    if (!global().quiet) {
      err().println(message);
      err().flush();
    }
  }

  /** A per-target error that does not stop the command (the exit code says it later). */
  protected final void error(String message) {
    err().println("error: " + ErrorText.line(message, SecretScrubber.generic()));
    err().flush();
  }

  protected final void printDocument(Object document) {
    if (format() == OutputFormat.yaml) {
      out().print(Yaml.write(document));
    } else if (format() == OutputFormat.ndjson) {
      out().println(Json.writeCompact(document));
    } else {
      out().println(Json.write(document));
    }
    out().flush();
  }
}
