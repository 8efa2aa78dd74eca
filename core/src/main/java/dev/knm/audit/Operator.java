package dev.knm.audit;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who runs this knm: the OS user, the host, the process id. Recorded in the audit log, the drain
 * journal and the drain lock, so a refusal can name who holds a node.
 */
public record Operator(String user, String host, long pid) {

  /** This process: user.name, the host name (HOSTNAME, /etc/hostname, else a DNS lookup). */
  public static Operator current() {
    return new Operator(
        System.getProperty("user.name", "unknown"), hostName(), ProcessHandle.current().pid());
  }

  /** "user@host". */
  public String who() {
    return user + "@" + host;
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      String f = Files.readString(Path.of("/etc/hostname")).strip();
      if (!f.isEmpty()) {
        return f;
      }
    } catch (IOException | RuntimeException ignored) {
      // not Linux, or unreadable: ask the resolver
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
