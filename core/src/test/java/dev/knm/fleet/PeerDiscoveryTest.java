package dev.knm.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.error.UsageException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerDiscoveryTest {
  private final List<String> resolved = new ArrayList<>();

  private HostResolver resolver(String... ips) {
    return name -> {
      resolved.add(name);
      List<InetAddress> out = new ArrayList<>();
      for (String ip : ips) {
        out.add(InetAddress.getByName(ip));
      }
      return out;
    };
  }

  private static final Map<String, String> ALL_SOURCES =
      Map.of(
          "POD_IPS", "10.0.0.1,10.0.0.2",
          "POD_PORT", "9000",
          "INSTANCE_ADDRESSES", "a:1,b:2",
          "SERVICE_NAME", "knm",
          "POD_NAMESPACE", "ops");

  @Test
  void explicitListComesFirst() {
    Peers peers =
        new PeerDiscovery(ALL_SOURCES, resolver())
            .discover(List.of(new InstanceAddress("x", 1)), Set.of());
    assertThat(peers.source()).isEqualTo("--instances");
    assertThat(peers.instances()).containsExactly(new InstanceAddress("x", 1));
  }

  @Test
  void podIpsWithPodPortBeforeInstanceAddressesBeforeDns() {
    Peers peers = new PeerDiscovery(ALL_SOURCES, resolver()).discover(List.of(), Set.of());
    assertThat(peers.source()).isEqualTo("POD_IPS");
    assertThat(peers.instances())
        .containsExactly(
            new InstanceAddress("10.0.0.1", 9000), new InstanceAddress("10.0.0.2", 9000));

    Map<String, String> noPodIps = new java.util.HashMap<>(ALL_SOURCES);
    noPodIps.remove("POD_IPS");
    peers = new PeerDiscovery(noPodIps, resolver()).discover(List.of(), Set.of());
    assertThat(peers.source()).isEqualTo("INSTANCE_ADDRESSES");
    assertThat(peers.instances())
        .containsExactly(new InstanceAddress("a", 1), new InstanceAddress("b", 2));
    assertThat(resolved).isEmpty();
  }

  @Test
  void headlessServiceThroughDnsWithPodPort() {
    Map<String, String> env =
        Map.of("SERVICE_NAME", "knm", "POD_NAMESPACE", "ops", "POD_PORT", "8081");
    Peers peers =
        new PeerDiscovery(env, resolver("10.9.0.1", "10.9.0.2", "10.9.0.3"))
            .discover(List.of(), Set.of(new InstanceAddress("10.9.0.2", 8081)));
    assertThat(resolved).containsExactly("knm.ops.svc.cluster.local");
    assertThat(peers.source()).isEqualTo("DNS knm.ops.svc.cluster.local");
    assertThat(peers.instances())
        .containsExactly(
            new InstanceAddress("10.9.0.1", 8081), new InstanceAddress("10.9.0.3", 8081));
  }

  @Test
  void clusterDomainCanBeChanged() {
    Map<String, String> env =
        Map.of(
            "SERVICE_NAME", "knm", "POD_NAMESPACE", "ops", "KNM_CLUSTER_DOMAIN", "corp.internal");
    assertThat(new PeerDiscovery(env, resolver()).serviceDnsName())
        .isEqualTo("knm.ops.svc.corp.internal");
  }

  @Test
  void anUnresolvableServiceIsAProblemNotAnException() {
    HostResolver failing =
        name -> {
          throw new UnknownHostException(name);
        };
    Peers peers =
        new PeerDiscovery(Map.of("SERVICE_NAME", "knm", "POD_NAMESPACE", "ops"), failing)
            .discover(List.of(), Set.of());
    assertThat(peers.configured()).isTrue();
    assertThat(peers.instances()).isEmpty();
    assertThat(peers.problem()).isEqualTo("cannot resolve knm.ops.svc.cluster.local");
  }

  @Test
  void neverItselfAndNoDuplicates() {
    PeerDiscovery d =
        new PeerDiscovery(
            Map.of("POD_IPS", "10.0.0.1,10.0.0.2,10.0.0.1", "POD_IP", "10.0.0.2"), resolver());
    Set<InstanceAddress> self = d.selfAddresses(new InstanceAddress("0.0.0.0", 8080));
    assertThat(self).contains(new InstanceAddress("10.0.0.2", 8080));
    Peers peers = d.discover(List.of(), self);
    assertThat(peers.instances()).containsExactly(new InstanceAddress("10.0.0.1", 8080));
  }

  @Test
  void notConfiguredWithoutAnySource() {
    PeerDiscovery d = new PeerDiscovery(Map.of("SERVICE_NAME", "knm"), resolver());
    assertThat(d.configured()).isFalse();
    assertThat(d.discover(List.of(), Set.of()).configured()).isFalse();
  }

  @Test
  void badPortOrAddressInTheEnvironmentIsAUsageError() {
    assertThatThrownBy(
            () ->
                new PeerDiscovery(Map.of("POD_IPS", "10.0.0.1", "POD_PORT", "http"), resolver())
                    .discover(List.of(), Set.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage("invalid POD_PORT 'http': expected a port number (1-65535)");
    assertThatThrownBy(
            () ->
                new PeerDiscovery(Map.of("INSTANCE_ADDRESSES", "a:1,b"), resolver())
                    .discover(List.of(), Set.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage("invalid instance address 'b' in INSTANCE_ADDRESSES: expected HOST:PORT");
  }
}
