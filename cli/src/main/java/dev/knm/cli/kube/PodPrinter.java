package dev.knm.cli.kube;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.knm.cli.options.OutputFormat;
import dev.knm.cli.render.Ages;
import dev.knm.cli.render.StreamingTable;
import dev.knm.cli.render.TerminalText;
import dev.knm.kube.model.JsonItem;
import dev.knm.kube.model.Pod;
import dev.knm.kube.model.PodPrintStatus;
import dev.knm.kube.paging.ListPager;
import dev.knm.kube.paging.PodPager;
import dev.knm.kube.paging.PodQuery;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes pods in one output format page by page, as the pager delivers them. Tables and names are
 * streamed from the JSON into lean rows; json/ndjson copy each pod's JSON bytes through a generator
 * (no trees, no databind); only yaml builds a tree per pod.
 */
final class PodPrinter {
  private final PrintWriter out;
  private final OutputFormat f;
  private final boolean withHeaders;

  PodPrinter(PrintWriter out, OutputFormat format, boolean headers) {
    this.out = out;
    this.f = format;
    this.withHeaders = headers;
  }

  long print(PodPager pager, PodQuery query) {
    return switch (f) {
      case table, wide -> table(pager, query, f == OutputFormat.wide);
      case name ->
          pager.stream(
              query,
              ListPager.POD,
              page -> {
                StringBuilder sb = new StringBuilder(page.size() * 48);
                for (Pod p : page) {
                  sb.append("pod/").append(TerminalText.escape(p.name())).append('\n');
                }
                out.print(sb);
                out.flush();
              });
      case ndjson -> ndjson(pager, query);
      case json -> json(pager, query);
      case yaml -> yaml(pager, query);
    };
  }

  private long table(PodPager pager, PodQuery query, boolean wide) {
    boolean showNamespace = query.namespace() == null;
    List<String> headers = new ArrayList<>();
    if (showNamespace) {
      headers.add("NAMESPACE");
    }
    headers.addAll(List.of("NAME", "READY", "STATUS", "RESTARTS", "AGE"));
    if (wide) {
      headers.addAll(List.of("IP", "NODE"));
    }
    StreamingTable table = new StreamingTable(headers, out, withHeaders);
    return pager.stream(
        query,
        ListPager.POD,
        page -> {
          Instant now = Instant.now();
          List<String[]> rows = new ArrayList<>(page.size());
          for (Pod p : page) {
            PodPrintStatus st = PodPrintStatus.of(p);
            String[] row = new String[headers.size()];
            int i = 0;
            if (showNamespace) {
              row[i++] = p.namespace();
            }
            row[i++] = p.name();
            row[i++] = st.ready() + "/" + st.total();
            row[i++] = st.reason();
            row[i++] = restarts(st, now);
            row[i++] = Ages.since(p.creationTimestamp(), now);
            if (wide) {
              row[i++] = orNone(p.podIP());
              row[i] = orNone(p.nodeName());
            }
            rows.add(row);
          }
          table.page(rows);
        });
  }

  /** kubectl's RESTARTS: the count, and how long ago the last one was when it is known. */
  static String restarts(PodPrintStatus st, Instant now) {
    String text = Integer.toString(st.restarts());
    if (st.restarts() != 0 && st.lastRestart() != null) {
      text += " (" + Ages.since(st.lastRestart(), now) + " ago)";
    }
    return text;
  }

  private static String orNone(String s) {
    return s == null || s.isEmpty() ? "<none>" : s;
  }

  /** One compact object per line. */
  private long ndjson(PodPager pager, PodQuery query) {
    JsonGenerator g = JsonItemWriter.generator(out, false);
    return pager.streamJson(
        query,
        page -> {
          try {
            for (JsonItem p : page) {
              JsonItemWriter.copy(p, g);
              g.writeRaw('\n');
            }
            g.flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * One {"apiVersion":"v1","kind":"List","items":[...]} document, items written as pages arrive. If
   * the listing fails midway the document is left unterminated (invalid JSON), never passed off as
   * complete; the error and exit code say what happened.
   */
  private long json(PodPager pager, PodQuery query) {
    try {
      JsonGenerator g = JsonItemWriter.generator(out, true);
      g.writeStartObject();
      g.writeStringField("apiVersion", "v1");
      g.writeStringField("kind", "List");
      g.writeArrayFieldStart("items");
      long n =
          pager.streamJson(
              query,
              page -> {
                try {
                  for (JsonItem p : page) {
                    JsonItemWriter.copy(p, g);
                  }
                  g.flush();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      g.writeEndArray();
      g.writeObjectFieldStart("metadata");
      g.writeStringField("resourceVersion", "");
      g.writeEndObject();
      g.writeEndObject();
      g.flush();
      out.println();
      out.flush();
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same List as YAML, items appended as pages arrive. */
  private long yaml(PodPager pager, PodQuery query) {
    out.print("apiVersion: v1\nkind: List\n");
    out.flush();
    boolean[] started = {false};
    long n =
        pager.streamJson(
            query,
            page -> {
              StringBuilder sb = new StringBuilder(page.size() * 4096);
              if (!started[0]) {
                sb.append("items:\n");
                started[0] = true;
              }
              for (JsonItem p : page) {
                String[] lines = JsonItemWriter.yaml(p).split("\n");
                for (int i = 0; i < lines.length; i++) {
                  sb.append(i == 0 ? "- " : "  ").append(lines[i]).append('\n');
                }
              }
              out.print(sb);
              out.flush();
            });
    out.print((n == 0 ? "items: []\n" : "") + "metadata:\n  resourceVersion: \"\"\n");
    out.flush();
    return n;
  }
}
