package dev.knm.man;

import dev.knm.cli.FullCommandTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes one AsciiDoc man page per command (knm.adoc, knm-list.adoc, knm-list-nodes.adoc, ...):
 * picocli's ManPageGenerator from the cli's command tree, with the hand-written sections of
 * src/main/asciidoc where the generator leaves room (before the end of the page): EXIT STATUS,
 * ENVIRONMENT and FILES (the same on every page), EXAMPLES (examples/PAGE.adoc, when there is one)
 * and SEE ALSO. Asciidoctor turns them into man pages and HTML (pom.xml).
 */
public final class ManPages {
  static final String END = "// end::picocli-generated-full-manpage[]";

  private ManPages() {}

  /** Usage: ManPages OUTPUT_DIRECTORY SECTIONS_DIRECTORY. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Path sections = Path.of(args[1]);
    Files.createDirectories(out);
    List<CommandSpec> pages = pages(new FullCommandTree().commandTree());
    String common =
        read(sections.resolve("exit-status.adoc"))
            + read(sections.resolve("environment.adoc"))
            + read(sections.resolve("files.adoc"));
    for (CommandSpec spec : pages) {
      String name = spec.qualifiedName("-");
      StringWriter generated = new StringWriter();
      ManPageGenerator.writeSingleManPage(new PrintWriter(generated), spec);
      Path examples = sections.resolve("examples").resolve(name + ".adoc");
      String handWritten =
          common
              + (Files.exists(examples) ? "== Examples\n\n" + read(examples) + "\n" : "")
              + seeAlso(spec, pages);
      String page = generated.toString().replace("\r\n", "\n");
      int end = page.lastIndexOf(END);
      if (end < 0) {
        throw new IllegalStateException("picocli's page of " + name + " has no end tag");
      }
      Files.writeString(
          out.resolve(name + ".adoc"),
          page.substring(0, end) + handWritten + page.substring(end),
          StandardCharsets.UTF_8);
    }
  }

  /** Every command that is not hidden, each once (aliases name the same command). */
  static List<CommandSpec> pages(CommandLine root) {
    List<CommandSpec> out = new ArrayList<>();
    collect(root, out, new IdentityHashMap<>());
    return out;
  }

  private static void collect(CommandLine cmd, List<CommandSpec> out, Map<Object, Object> seen) {
    CommandSpec spec = cmd.getCommandSpec();
    if (seen.put(spec, spec) != null || spec.usageMessage().hidden()) {
      return;
    }
    out.add(spec);
    cmd.getSubcommands().values().forEach(sub -> collect(sub, out, seen));
  }

  private static String seeAlso(CommandSpec spec, List<CommandSpec> pages) {
    List<String> refs = new ArrayList<>();
    CommandSpec parent = spec.parent();
    if (parent != null) {
      refs.add(ref(parent));
    }
    for (CommandLine sub : spec.subcommands().values()) {
      String r = ref(sub.getCommandSpec());
      if (pages.contains(sub.getCommandSpec()) && !refs.contains(r)) {
        refs.add(r);
      }
    }
    if (refs.isEmpty()) {
      return "";
    }
    return "== See also\n\n" + String.join(", ", refs) + "\n\n";
  }

  private static String ref(CommandSpec spec) {
    return "*" + spec.qualifiedName("-") + "*(1)";
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).strip() + "\n\n";
  }
}
