package dev.knm.cli;

import dev.knm.error.KnmException;

/** The person at the terminal pressed Ctrl-C while knm asked something (exit code 130). */
final class Interrupted extends KnmException {
  Interrupted(String message) {
    super(message);
  }
}
