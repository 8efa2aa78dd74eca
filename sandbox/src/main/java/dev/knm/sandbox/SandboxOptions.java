package dev.knm.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** How to start a sandbox. Build with {@link #builder()}. */
public record SandboxOptions(
    int nodes,
    int pods,
    String preset,
    long seed,
    String host,
    int port,
    String token,
    int namespaces,
    double churnPerSecond,
    List<String> flappingNodes,
    Duration flapInterval,
    Duration heartbeatInterval,
    Duration graceCap,
    Duration bookmarkInterval,
    int eventHistory,
    Faults faults) {

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with small, fast defaults (3 nodes, 10 pods, no faults). */
  public static final class Builder {
    private int nodes = 3;
    private int pods = 10;
    private String preset;
    private long seed = 42;
    private String host = "127.0.0.1";
    private int port;
    private String token;
    private int namespaces = 0;
    private double churnPerSecond;
    private final List<String> flappingNodes = new ArrayList<>();
    private Duration flapInterval = Duration.ofSeconds(5);
    private Duration heartbeatInterval = Duration.ZERO;
    private Duration graceCap = Duration.ofSeconds(2);
    private Duration bookmarkInterval = Duration.ofSeconds(10);
    private int eventHistory = 20_000;
    private Faults faults = new Faults();

    public Builder nodes(int n) {
      this.nodes = n;
      return this;
    }

    public Builder pods(int n) {
      this.pods = n;
      return this;
    }

    /** A named scenario: {@code gpu-large} (104 nodes, 83 with GPUs, 872 GPUs, ~3,000 pods). */
    public Builder preset(String name) {
      this.preset = name;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** 0 picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The bearer token clients must send; random when not set. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** Namespaces to spread pods over; 0 picks one per ~250 pods (at least 3). */
    public Builder namespaces(int n) {
      this.namespaces = n;
      return this;
    }

    /** Pods created and deleted per second in the background. */
    public Builder churnPerSecond(double rate) {
      this.churnPerSecond = rate;
      return this;
    }

    /** Nodes whose Ready condition flips every {@code flapInterval}. */
    public Builder flappingNodes(String... names) {
      this.flappingNodes.addAll(List.of(names));
      return this;
    }

    public Builder flapInterval(Duration d) {
      this.flapInterval = d;
      return this;
    }

    /**
     * Every node posts its status this often, as a kubelet does: each write changes only the
     * conditions' {@code lastHeartbeatTime} (a heartbeat-only update). Zero (the default): never.
     * The writes are spread evenly over the interval.
     */
    public Builder heartbeatInterval(Duration d) {
      this.heartbeatInterval = d;
      return this;
    }

    /** The longest a graceful pod deletion takes (pods vanish after min(grace, cap)). */
    public Builder graceCap(Duration d) {
      this.graceCap = d;
      return this;
    }

    public Builder bookmarkInterval(Duration d) {
      this.bookmarkInterval = d;
      return this;
    }

    /** Events kept for watches; a watch from an older resourceVersion gets 410. */
    public Builder eventHistory(int n) {
      this.eventHistory = n;
      return this;
    }

    public Builder faults(Faults f) {
      this.faults = f;
      return this;
    }

    public SandboxOptions build() {
      return new SandboxOptions(
          nodes,
          pods,
          preset,
          seed,
          host,
          port,
          token,
          namespaces,
          churnPerSecond,
          List.copyOf(flappingNodes),
          flapInterval,
          heartbeatInterval,
          graceCap,
          bookmarkInterval,
          eventHistory,
          faults);
    }
  }
}
