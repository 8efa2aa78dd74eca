package dev.knm.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps an H2 file store small without H2's compaction on close, which knm turns off ({@code
 * MAX_COMPACT_TIME=0}, see {@link StoreLocation}): in H2 2.3.232 that in-place compaction can fail
 * while the database closes (an assertion in {@code RandomAccessStore.moveChunkInside}, h2database
 * issues #4086 and #4247), and the close then loses the last writes: a reopened file was rolled
 * back to an earlier state, tables and rows gone (measured: 1 run in 30 of four threads writing).
 * Without it, a file opened and closed for each operation grows by a chunk per write (28 MB after
 * 1,000 writes of 2 KB, and on by as much for each further 1,000).
 *
 * <p>So, after a write, when most of the file is dead chunks, the database is shut down with {@code
 * SHUTDOWN COMPACT}: H2 closes the store without the in-place compaction, copies the live data into
 * a new file and swaps it in (tens of milliseconds for a store of a few MB).
 */
final class H2Compaction {
  /** Below this a file is not worth compacting. */
  static final long MIN_FILE_BYTES = 4L << 20;

  /** Compacted when live chunks fill less than this share of the file's chunks, in percent. */
  static final int MAX_FILL_PERCENT = 30;

  private H2Compaction() {}

  /**
   * Compacts the database of {@code c} when it is large and mostly dead; then {@code c} is closed.
   *
   * @return whether it compacted
   */
  static boolean compactIfFragmented(Connection c) {
    try {
      long size = -1;
      int fill = 100;
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                      + " WHERE SETTING_NAME IN ('info.FILE_SIZE', 'info.CHUNKS_FILL_RATE')")) {
        while (rs.next()) {
          if (rs.getString(1).equals("info.FILE_SIZE")) {
            size = Long.parseLong(rs.getString(2));
          } else {
            fill = Integer.parseInt(rs.getString(2));
          }
        }
      }
      if (size < MIN_FILE_BYTES || fill >= MAX_FILL_PERCENT) {
        return false;
      }
      try (Statement st = c.createStatement()) {
        st.execute("SHUTDOWN COMPACT");
      }
      return true;
    } catch (SQLException | NumberFormatException e) {
      return false; // the write is done; a file left larger is no failure of it
    }
  }
}
