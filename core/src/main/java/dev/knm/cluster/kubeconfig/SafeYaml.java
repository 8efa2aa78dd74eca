package dev.knm.cluster.kubeconfig;

import dev.knm.error.InvalidInputException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.composer.ComposerException;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML, locked down for untrusted kubeconfigs: safe types only, few aliases, no duplicate
 * keys, bounded nesting and size. Errors are reported by line and column only: SnakeYAML's own
 * messages quote the input, which may hold a credential, so they are never passed on (not even as a
 * cause). Public for {@code dev.knm.kube}, which reads the stored flat kubeconfig with it.
 */
public final class SafeYaml {

  static final int MAX_ALIASES = 50;
  static final int MAX_NESTING = 64;

  private SafeYaml() {}

  /**
   * Loads one YAML document; null when the document is empty (comments only).
   *
   * @throws InvalidInputException naming {@code origin} and a position, never the content
   */
  public static Object load(String origin, String text) {
    Yaml yaml = newYaml();
    Object root;
    try {
      root = yaml.load(text);
    } catch (YAMLException e) {
      throw new InvalidInputException(
          "kubeconfig " + origin + " is not valid YAML" + describe(e, text));
    } catch (StackOverflowError e) {
      throw new InvalidInputException(
          "kubeconfig " + origin + " is not valid YAML: nested too deeply");
    }
    if (hasCycle(root)) {
      throw new InvalidInputException(
          "kubeconfig " + origin + " is not valid YAML: recursive alias");
    }
    return root;
  }

  /** Block-style YAML the way kubectl writes it; shared nodes come out as anchors, not copies. */
  static String dump(Object document) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setSplitLines(false);
    options.setWidth(Integer.MAX_VALUE);
    return new Yaml(new Representer(options), options).dump(document);
  }

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(KubeconfigSources.MAX_BYTES);
    options.setProcessComments(false);
    options.setTagInspector(tag -> false);
    DumperOptions dumper = new DumperOptions();
    return new Yaml(
        new KubeconfigConstructor(options),
        new Representer(dumper),
        dumper,
        options,
        new Resolver());
  }

  /** Safe types only; timestamps stay strings (as kubectl reads them into string fields). */
  private static final class KubeconfigConstructor extends SafeConstructor {
    KubeconfigConstructor(LoaderOptions options) {
      super(options);
      this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
    }
  }

  /** ": what (line L, column C)" or " (line L, column C)", from fixed texts and positions only. */
  private static String describe(YAMLException e, String text) {
    String raw = String.valueOf(e.getMessage());
    if (raw.startsWith("Number of aliases")) {
      return ": too many aliases (more than " + MAX_ALIASES + ")";
    }
    if (raw.startsWith("Nesting Depth exceeded")) {
      return ": nested too deeply (more than " + MAX_NESTING + " levels)";
    }
    if (raw.contains("exceeds the limit")) {
      return ": larger than 4 MiB";
    }
    if (raw.startsWith("Recursive key")) {
      return ": recursive key";
    }
    if (e instanceof ReaderException reader) {
      return ": unprintable character" + position(text, reader.getPosition());
    }
    if (e instanceof MarkedYAMLException marked) {
      Mark mark =
          marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      String where =
          mark == null
              ? ""
              : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
      String problem = String.valueOf(marked.getProblem());
      String context = String.valueOf(marked.getContext());
      if (e instanceof DuplicateKeyException) {
        return ": duplicate key" + where;
      }
      if (e instanceof ComposerException && context.startsWith("expected a single document")) {
        return ": more than one document" + where;
      }
      if (problem.startsWith("found undefined alias")) {
        return ": undefined alias" + where;
      }
      if (problem.startsWith("Global tag is not allowed")
          || problem.startsWith("could not determine a constructor")) {
        return ": unsupported tag" + where;
      }
      return where;
    }
    return "";
  }

  private static String position(String text, int codePointIndex) {
    int line = 1;
    int column = 1;
    int i = 0;
    for (int cp = 0; cp < codePointIndex && i < text.length(); cp++) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return " (line " + line + ", column " + column + ")";
  }

  /** Iterative three-colour walk: linear in distinct nodes, so shared aliases are not expanded. */
  private static boolean hasCycle(Object root) {
    Map<Object, Boolean> done = new IdentityHashMap<>(); // false = on the current path
    List<Object[]> stack = new ArrayList<>(); // {node, iterator}
    if (!(root instanceof Map) && !(root instanceof List)) {
      return false;
    }
    push(root, stack, done);
    while (!stack.isEmpty()) {
      Object[] top = stack.get(stack.size() - 1);
      @SuppressWarnings("unchecked")
      java.util.Iterator<Object> it = (java.util.Iterator<Object>) top[1];
      if (!it.hasNext()) {
        done.put(top[0], Boolean.TRUE);
        stack.remove(stack.size() - 1);
        continue;
      }
      Object child = it.next();
      if (child instanceof Map || child instanceof List) {
        Boolean state = done.get(child);
        if (state == null) {
          push(child, stack, done);
        } else if (!state) {
          return true;
        }
      }
    }
    return false;
  }

  private static void push(Object node, List<Object[]> stack, Map<Object, Boolean> done) {
    done.put(node, Boolean.FALSE);
    java.util.Iterator<?> children;
    if (node instanceof Map<?, ?> map) {
      List<Object> entries = new ArrayList<>(map.size() * 2);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        entries.add(entry.getKey());
        entries.add(entry.getValue());
      }
      children = entries.iterator();
    } else {
      children = ((List<?>) node).iterator();
    }
    stack.add(new Object[] {node, children});
  }
}
