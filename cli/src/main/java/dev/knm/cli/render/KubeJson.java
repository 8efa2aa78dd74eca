package dev.knm.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.knm.kube.transport.ClusterClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Kubernetes objects (Jackson trees from the API server) printed as kubectl prints them: JSON
 * indented by four spaces with {@code "key": value}, and YAML without document markers.
 */
public final class KubeJson {
  private KubeJson() {}

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  public static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter four = new DefaultIndenter("    ", "\n");
    Separators seps =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultPrettyPrinter pp = new DefaultPrettyPrinter(seps);
    pp.indentObjectsWith(four);
    pp.indentArraysWith(four);
    return pp;
  }

  /** A generator on {@code out} that never closes it, pretty-printed kubectl style. */
  public static JsonGenerator generator(Writer out) {
    try {
      JsonGenerator g = ClusterClient.json().getFactory().createGenerator(out);
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.setPrettyPrinter(prettyPrinter());
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One object, pretty. */
  public static String write(JsonNode node) {
    try {
      return ClusterClient.json()
          .writer()
          .with(prettyPrinter())
          .with(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One object, one line (ndjson). */
  public static String writeCompact(JsonNode node) {
    try {
      return ClusterClient.json().writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One object as YAML, ending with a newline. */
  public static String yaml(JsonNode node) {
    try {
      return YAML.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
