package dev.knm.kube.transport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** For {@link LeanPathClassLoadingTest}: one GET through the factory's client, body to stdout. */
public final class LeanGetMain {
  public static void main(String[] args) throws Exception {
    String yaml = Files.readString(Path.of(args[0]));
    try (ClusterClient c =
        KubeClientFactory.standard().create("lean", yaml, TimeoutTier.forNodeCount(null))) {
      byte[] body = c.get(args[1], Map.of(), Duration.ofSeconds(20), false);
      System.out.println(new String(body, StandardCharsets.UTF_8));
    }
  }
}
