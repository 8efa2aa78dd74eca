package dev.knm.cli.watch;

import static org.jline.keymap.KeyMap.ctrl;
import static org.jline.keymap.KeyMap.del;
import static org.jline.keymap.KeyMap.esc;
import static org.jline.keymap.KeyMap.key;

import java.util.List;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * The screen's key bindings: one map while browsing, one while typing a filter. Cursor and paging
 * keys are bound both as the terminal's terminfo says (application mode, which the screen turns on)
 * and as the common ANSI sequences, so that a terminal with a partial terminfo still works.
 */
final class ScreenKeys {
  /** How long a lone Esc waits for the rest of a sequence (an arrow key starts with Esc too). */
  static final long ESC_TIMEOUT_MS = 150;

  /** The help screen's lines: one key per line, as the keymaps below bind them. */
  static final List<String> HELP =
      List.of(
          "q            quit (Ctrl-C too)",
          "p, Space     pause / resume the screen (changes that come meanwhile wait)",
          "/            filter nodes and changes by text (Enter keeps it, Esc cancels)",
          "Esc          clear the filter, close this help",
          "Tab, Right   next cluster (also l)",
          "S-Tab, Left  previous cluster (also h)",
          "1-9          cluster by number",
          "Up, Down     scroll the node list (also k, j)",
          "PgUp, PgDn   scroll the node list by a page",
          "Home, End    top, bottom of the node list (also g, G)",
          "Ctrl-L       redraw",
          "?            this help");

  private ScreenKeys() {}

  static KeyMap<ScreenAction> browsing(Terminal terminal) {
    KeyMap<ScreenAction> keys = new KeyMap<>();
    keys.setAmbiguousTimeout(ESC_TIMEOUT_MS);
    keys.setNomatch(ScreenAction.IGNORE);
    keys.setUnicode(ScreenAction.IGNORE);
    keys.bind(ScreenAction.QUIT, "q", "Q");
    keys.bind(ScreenAction.PAUSE, "p", "P", " ");
    keys.bind(ScreenAction.HELP, "?");
    keys.bind(ScreenAction.FILTER, "/");
    keys.bind(ScreenAction.CLEAR, esc());
    keys.bind(ScreenAction.NEXT_CLUSTER, "\t", "l");
    keys.bind(ScreenAction.PREVIOUS_CLUSTER, "h");
    for (char d = '1'; d <= '9'; d++) {
      keys.bind(ScreenAction.CLUSTER_NUMBER, String.valueOf(d));
    }
    keys.bind(ScreenAction.SCROLL_UP, "k");
    keys.bind(ScreenAction.SCROLL_DOWN, "j");
    keys.bind(ScreenAction.TOP, "g");
    keys.bind(ScreenAction.BOTTOM, "G");
    keys.bind(ScreenAction.REDRAW, ctrl('L'));
    bindKey(
        keys, terminal, ScreenAction.NEXT_CLUSTER, Capability.key_right, "\u001b[C", "\u001bOC");
    bindKey(
        keys, terminal, ScreenAction.PREVIOUS_CLUSTER, Capability.key_left, "\u001b[D", "\u001bOD");
    bindKey(keys, terminal, ScreenAction.PREVIOUS_CLUSTER, Capability.key_btab, "\u001b[Z");
    bindKey(keys, terminal, ScreenAction.SCROLL_UP, Capability.key_up, "\u001b[A", "\u001bOA");
    bindKey(keys, terminal, ScreenAction.SCROLL_DOWN, Capability.key_down, "\u001b[B", "\u001bOB");
    bindKey(keys, terminal, ScreenAction.PAGE_UP, Capability.key_ppage, "\u001b[5~");
    bindKey(keys, terminal, ScreenAction.PAGE_DOWN, Capability.key_npage, "\u001b[6~");
    bindKey(
        keys, terminal, ScreenAction.TOP, Capability.key_home, "\u001b[H", "\u001bOH", "\u001b[1~");
    bindKey(
        keys,
        terminal,
        ScreenAction.BOTTOM,
        Capability.key_end,
        "\u001b[F",
        "\u001bOF",
        "\u001b[4~");
    return keys;
  }

  static KeyMap<ScreenAction> filtering(Terminal terminal) {
    KeyMap<ScreenAction> keys = new KeyMap<>();
    keys.setAmbiguousTimeout(ESC_TIMEOUT_MS);
    keys.setNomatch(ScreenAction.IGNORE);
    keys.setUnicode(ScreenAction.INSERT);
    keys.bind(ScreenAction.INSERT, KeyMap.range(" -~"));
    keys.bind(ScreenAction.BACKSPACE, del(), ctrl('H'));
    keys.bind(ScreenAction.ERASE_LINE, ctrl('U'));
    keys.bind(ScreenAction.ACCEPT, "\r", "\n");
    keys.bind(ScreenAction.CANCEL, esc());
    keys.bind(ScreenAction.REDRAW, ctrl('L'));
    return keys;
  }

  private static void bindKey(
      KeyMap<ScreenAction> keys,
      Terminal terminal,
      ScreenAction action,
      Capability capability,
      String... fallbacks) {
    String fromTerminfo = key(terminal, capability);
    if (fromTerminfo != null && !fromTerminfo.isEmpty()) {
      keys.bind(action, fromTerminfo);
    }
    for (String f : fallbacks) {
      keys.bind(action, f);
    }
  }
}
