package dev.knm.cli.render;

import java.util.function.UnaryOperator;

/**
 * ANSI colors, on only when stdout is a terminal, NO_COLOR is unset and --no-color not given. When
 * off every style is the identity, so piped output is plain and stable.
 */
public final class Colors {
  private static final String RESET = "\u001b[0m";
  private final boolean enabled;

  public Colors(boolean enabled) {
    this.enabled = enabled;
  }

  public static Colors off() {
    return new Colors(false);
  }

  public boolean enabled() {
    return enabled;
  }

  public UnaryOperator<String> green() {
    return style("\u001b[32m");
  }

  public UnaryOperator<String> yellow() {
    return style("\u001b[33m");
  }

  public UnaryOperator<String> red() {
    return style("\u001b[31m");
  }

  public UnaryOperator<String> dim() {
    return style("\u001b[2m");
  }

  private UnaryOperator<String> style(String code) {
    return enabled ? s -> s.isEmpty() ? s : code + s + RESET : UnaryOperator.identity();
  }
}
