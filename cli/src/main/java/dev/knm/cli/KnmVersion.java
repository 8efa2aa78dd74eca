package dev.knm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * `knm --version`: the version Maven stamped into the jar manifest, the git commit the build saw
 * (dev/knm/cli/build.properties; "unknown" when built outside a git checkout) and the Java runtime.
 */
final class KnmVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = KnmVersion.class.getPackage().getImplementationVersion();
    Properties build = new Properties();
    try (InputStream in = KnmVersion.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException ignored) {
      // shown as unknown
    }
    String commit = value(build, "git.commit.id.abbrev");
    String dirty = "true".equals(build.getProperty("git.dirty")) ? " (modified)" : "";
    return new String[] {
      "knm " + (v == null ? "(development build)" : v),
      "commit: " + commit + (commit.equals("unknown") ? "" : dirty),
      "java: "
          + System.getProperty("java.runtime.version")
          + " ("
          + System.getProperty("java.vendor")
          + ", "
          + System.getProperty("java.home")
          + ")"
    };
  }

  private static String value(Properties p, String key) {
    String s = p.getProperty(key);
    return s == null || s.isBlank() || s.startsWith("${") ? "unknown" : s;
  }
}
