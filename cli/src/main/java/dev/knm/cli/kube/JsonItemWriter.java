package dev.knm.cli.kube;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.knm.cli.render.KubeJson;
import dev.knm.kube.model.JsonItem;
import dev.knm.kube.transport.ClusterClient;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Prints Kubernetes objects kept as the server's JSON bytes ({@link JsonItem}) by copying their
 * tokens through a generator: the same output as writing a Jackson tree of them (kubectl-style
 * indentation, or one line for ndjson), without building the tree. Only YAML builds one.
 */
final class JsonItemWriter {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonItemWriter() {}

  /** A generator on {@code out} that never closes it: kubectl-style indentation, or compact. */
  static JsonGenerator generator(Writer out, boolean pretty) {
    try {
      JsonGenerator g = FACTORY.createGenerator(out);
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      if (pretty) {
        g.setPrettyPrinter(KubeJson.prettyPrinter());
      } else {
        g.setRootValueSeparator(null); // ndjson: the caller ends each item with a newline
      }
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the item as one value at the generator's position. */
  static void copy(JsonItem item, JsonGenerator g) throws IOException {
    try (JsonParser p = item.parser()) {
      p.nextToken();
      // a float is written as the double the tree held (1e3 -> 1000.0), as before
      g.copyCurrentStructure(p);
    }
  }

  /** One object, pretty (describe -o json). */
  static String write(JsonItem item) {
    return toString(item, true);
  }

  /** One object, one line (ndjson). */
  static String writeCompact(JsonItem item) {
    return toString(item, false);
  }

  private static String toString(JsonItem item, boolean pretty) {
    StringWriter sw = new StringWriter(item.length() + (pretty ? item.length() / 2 : 0));
    try (JsonGenerator g = generator(sw, pretty)) {
      copy(item, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }

  /** One object as YAML, ending with a newline: YAML goes through a tree. */
  static String yaml(JsonItem item) {
    try (JsonParser p = item.parser()) {
      JsonNode tree = ClusterClient.json().readTree(p);
      return KubeJson.yaml(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
