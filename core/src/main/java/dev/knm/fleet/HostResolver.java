package dev.knm.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a DNS name to every address it has (a headless Service: one per ready pod). */
@FunctionalInterface
public interface HostResolver {
  List<InetAddress> resolve(String name) throws UnknownHostException;

  /** The JVM's resolver (which honours {@code -Djdk.net.hosts.file}). */
  HostResolver SYSTEM = name -> List.of(InetAddress.getAllByName(name));
}
