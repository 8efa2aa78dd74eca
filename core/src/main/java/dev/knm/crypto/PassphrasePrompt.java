package dev.knm.crypto;

/** Asks the person at the terminal for a passphrase, without echo (the cli's JLine prompt). */
@FunctionalInterface
public interface PassphrasePrompt {
  /**
   * @return the passphrase typed, or null when there is no terminal to ask on
   */
  char[] ask(String prompt);
}
