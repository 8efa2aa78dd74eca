package dev.knm.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A kubectl-style table: upper-case headers, columns left-aligned and separated by three spaces, no
 * borders, no trailing spaces. Cells may carry a color applied after padding so widths stay right.
 * Control characters in cells are shown escaped ({@link TerminalText}).
 */
public final class Table {
  private final List<String> headers;
  private final List<Cell[]> rows = new ArrayList<>();

  public record Cell(String text, UnaryOperator<String> style) {
    public static Cell plain(String text) {
      return new Cell(text, UnaryOperator.identity());
    }
  }

  public Table(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  public Table row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table has " + headers.size() + " columns");
    }
    Cell[] row = new Cell[cells.length];
    for (int i = 0; i < cells.length; i++) {
      // cells hold store and API server text: escaped before padding, styled after
      row[i] =
          cells[i] instanceof Cell c
              ? new Cell(TerminalText.escape(c.text()), c.style())
              : Cell.plain(TerminalText.escape(cells[i] == null ? "" : cells[i].toString()));
    }
    rows.add(row);
    return this;
  }

  public int size() {
    return rows.size();
  }

  public void print(PrintWriter out, boolean withHeaders) {
    int[] widths = new int[headers.size()];
    if (withHeaders) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = headers.get(i).length();
      }
    }
    for (Cell[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].text().length());
      }
    }
    StringBuilder line = new StringBuilder();
    if (withHeaders) {
      List<Cell> header = headers.stream().map(Cell::plain).toList();
      out.println(format(header.toArray(Cell[]::new), widths, line));
    }
    for (Cell[] row : rows) {
      out.println(format(row, widths, line));
    }
    out.flush();
  }

  private static String format(Cell[] row, int[] widths, StringBuilder line) {
    line.setLength(0);
    int last = row.length - 1;
    for (int i = 0; i <= last; i++) {
      String text = row[i].text();
      line.append(row[i].style().apply(text));
      if (i < last) {
        line.append(" ".repeat(widths[i] - text.length() + 3));
      }
    }
    return line.toString().stripTrailing();
  }
}
