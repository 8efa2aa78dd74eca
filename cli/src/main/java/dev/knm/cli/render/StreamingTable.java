package dev.knm.cli.render;

import java.io.PrintWriter;
import java.util.List;

/**
 * A kubectl-style table printed page by page, for lists too long to hold: column widths are fixed
 * by the header and the first page, and only grow when a later row has a wider cell (rows already
 * printed are not re-aligned). Each page is written with one write and flushed, so output appears
 * as pages arrive. Same spacing rules as {@link Table}: three spaces between columns, no trailing
 * spaces.
 */
public final class StreamingTable {
  private final List<String> headers;
  private final PrintWriter out;
  private final boolean withHeaders;
  private int[] widths;
  private final int[] minWidths;
  private long rows;

  public StreamingTable(List<String> headers, PrintWriter out, boolean withHeaders) {
    this.headers = List.copyOf(headers);
    this.out = out;
    this.withHeaders = withHeaders;
    this.minWidths = new int[headers.size()];
  }

  /**
   * Reserves {@code width} for a column whose widest value is known up front (e.g. the names of
   * every cluster of a fan-out whose rows arrive cluster by cluster), so it need not widen later.
   * Call before the first page.
   */
  public StreamingTable minWidth(int column, int width) {
    minWidths[column] = Math.max(minWidths[column], width);
    return this;
  }

  /**
   * Prints one page of rows (each as many cells as there are headers); control characters in cells
   * are shown escaped ({@link TerminalText}).
   */
  public void page(List<String[]> page) {
    for (String[] row : page) {
      for (int i = 0; i < row.length; i++) {
        row[i] = TerminalText.escape(row[i]);
      }
    }
    StringBuilder sb = new StringBuilder(page.size() * 96 + 128);
    if (widths == null) {
      widths = minWidths.clone();
      if (withHeaders) {
        for (int i = 0; i < widths.length; i++) {
          widths[i] = Math.max(widths[i], headers.get(i).length());
        }
      }
      grow(page);
      if (withHeaders) {
        append(sb, headers.toArray(String[]::new));
      }
    } else {
      grow(page);
    }
    for (String[] row : page) {
      append(sb, row);
    }
    rows += page.size();
    out.print(sb);
    out.flush();
  }

  /** Rows printed so far. */
  public long rows() {
    return rows;
  }

  private void grow(List<String[]> page) {
    for (String[] row : page) {
      if (row.length != widths.length) {
        throw new IllegalArgumentException(
            "row has " + row.length + " cells, table has " + widths.length + " columns");
      }
      for (int i = 0; i < widths.length; i++) {
        int len = row[i] == null ? 0 : row[i].length();
        if (len > widths[i]) {
          widths[i] = len;
        }
      }
    }
  }

  private void append(StringBuilder sb, String[] row) {
    int start = sb.length();
    int last = row.length - 1;
    for (int i = 0; i <= last; i++) {
      String text = row[i] == null ? "" : row[i];
      sb.append(text);
      if (i < last) {
        sb.append(" ".repeat(widths[i] - text.length() + 3));
      }
    }
    int end = sb.length();
    while (end > start && sb.charAt(end - 1) == ' ') {
      end--;
    }
    sb.setLength(end);
    sb.append('\n');
  }
}
