package dev.knm.cli;

import picocli.CommandLine.IVersionProvider;

/** `knm --version`: the version Maven stamped into the jar manifest. */
final class KnmVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = KnmVersion.class.getPackage().getImplementationVersion();
    return new String[] {"knm " + (v == null ? "(development build)" : v)};
  }
}
