package dev.knm.cli;

import dev.knm.crypto.PassphrasePrompt;
import java.io.IOException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Asks for a passphrase on the terminal, echoing nothing (JLine). Only when stdin is a terminal;
 * the prompt goes to stdout, or to stderr when stdout is piped. JLine is loaded only here: no other
 * path of a one-shot command pays for it.
 */
final class TerminalPrompt implements PassphrasePrompt {
  @Override
  public char[] ask(String prompt) {
    try (Terminal terminal =
        TerminalBuilder.builder()
            .system(true)
            .systemOutput(TerminalBuilder.SystemOutput.SysOutOrSysErr)
            .dumb(false)
            .build()) {
      LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
      try {
        return reader.readLine(prompt, '\0').toCharArray(); // mask 0: nothing is echoed
      } catch (UserInterruptException e) {
        throw new Interrupted("interrupted while asking for the passphrase");
      } catch (EndOfFileException e) {
        return null;
      }
    } catch (IOException | IllegalStateException e) {
      return null; // stdin is not a terminal (JLine refuses a dumb one here)
    }
  }
}
