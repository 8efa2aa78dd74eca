package dev.knm.cli.watch;

/** What a key does on the watch screen (see {@link ScreenKeys} for which key does what). */
enum ScreenAction {
  QUIT,
  PAUSE,
  HELP,
  /** Starts typing a filter. */
  FILTER,
  /** Clears the filter, or closes the help. */
  CLEAR,
  NEXT_CLUSTER,
  PREVIOUS_CLUSTER,
  /** A digit 1-9: that cluster (the key typed says which). */
  CLUSTER_NUMBER,
  SCROLL_UP,
  SCROLL_DOWN,
  PAGE_UP,
  PAGE_DOWN,
  TOP,
  BOTTOM,
  REDRAW,
  // while typing a filter
  INSERT,
  BACKSPACE,
  ERASE_LINE,
  ACCEPT,
  CANCEL,
  /** A key with no meaning here. */
  IGNORE
}
