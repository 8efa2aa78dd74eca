package dev.knm.kube.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.knm.kube.paging.ListPage;
import dev.knm.kube.paging.ListPager;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoding speed of list pages, old (databind records / trees) against new (jackson-core decoders);
 * a measurement, not a test. Run each case in a fresh JVM, as the launcher does (C1 only): java
 * -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp ... dev.knm.kube.DecodeBench databind|stream
 * pods|nodes|json ROUNDS PAGE.json... Prints the first round (cold) and the mean of the others in
 * ms and ms per MB, and the bytes allocated per MB of JSON.
 */
public final class DecodeBench {
  private static final ObjectMapper DATABIND =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public static void main(String[] args) throws Exception {
    String how = args[0];
    String what = args[1];
    int rounds = Integer.parseInt(args[2]);
    List<byte[]> pages = new ArrayList<>();
    long bytes = 0;
    for (int i = 3; i < args.length; i++) {
      byte[] b = Files.readAllBytes(Path.of(args[i]));
      pages.add(b);
      bytes += b.length;
    }
    double mb = bytes / 1e6;
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long first = 0;
    long rest = 0;
    long allocated = 0;
    long items = 0;
    for (int r = 0; r < rounds; r++) {
      long a0 = mx.getThreadAllocatedBytes(tid);
      long t0 = System.nanoTime();
      items = 0;
      for (byte[] page : pages) {
        items += decode(how, what, page);
      }
      long t = System.nanoTime() - t0;
      allocated += mx.getThreadAllocatedBytes(tid) - a0;
      if (r == 0) {
        first = t;
      } else {
        rest += t;
      }
    }
    double firstMs = first / 1e6;
    double restMs = rounds > 1 ? rest / 1e6 / (rounds - 1) : 0;
    System.out.printf(
        "%s %s: %d pages, %.1f MB, %d items; first round %.0f ms (%.1f ms/MB), later rounds %.0f ms"
            + " (%.1f ms/MB); allocated %.1f MB per MB of JSON%n",
        how,
        what,
        pages.size(),
        mb,
        items,
        firstMs,
        firstMs / mb,
        restMs,
        restMs / mb,
        allocated / 1e6 / rounds / mb);
  }

  private static int decode(String how, String what, byte[] page) throws Exception {
    if (how.equals("stream")) {
      return switch (what) {
        case "pods" -> ListPage.decode(page, ListPager.POD.decoder()).items().size();
        case "nodes" -> ListPage.decode(page, (p, b) -> NodeDocDecoder.node(p)).items().size();
        case "json" -> ListPage.decode(page, ListPager.POD_JSON.decoder()).items().size();
        default -> throw new IllegalArgumentException(what);
      };
    }
    Class<?> type =
        switch (what) {
          case "pods" -> Pod.class;
          case "nodes" -> NodeDoc.class;
          case "json" -> JsonNode.class;
          default -> throw new IllegalArgumentException(what);
        };
    return databind(page, DATABIND.readerFor(type));
  }

  /** ListPager.parse before this change: items bound one by one, metadata read as a tree. */
  private static int databind(byte[] body, ObjectReader reader) throws Exception {
    List<Object> items = new ArrayList<>();
    String next = null;
    try (JsonParser p = DATABIND.getFactory().createParser(body)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if ("items".equals(field) && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            items.add(reader.readValue(p));
          }
        } else if ("metadata".equals(field) && t == JsonToken.START_OBJECT) {
          next = ((JsonNode) DATABIND.readTree(p)).path("continue").asText("");
        } else {
          p.skipChildren();
        }
      }
    }
    return next == null ? -1 : items.size();
  }
}
