package dev.knm.cli.audit;

import dev.knm.store.StoreLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * A command line as the audit log keeps it: "knm" and the arguments, without secrets. The only
 * option that can carry one is {@code --store} (a JDBC URL with a password parameter): its password
 * is shown as ***. Arguments with spaces are quoted.
 */
public final class CommandLineText {
  private CommandLineText() {}

  public static String of(List<String> args) {
    List<String> out = new ArrayList<>();
    out.add("knm");
    boolean storeValue = false;
    for (String a : args) {
      String shown = a;
      if (storeValue) {
        shown = StoreLocation.redact(a);
        storeValue = false;
      } else if (a.equals("--store")) {
        storeValue = true;
      } else if (a.startsWith("--store=")) {
        shown = "--store=" + StoreLocation.redact(a.substring("--store=".length()));
      }
      out.add(quote(shown));
    }
    return String.join(" ", out);
  }

  private static String quote(String s) {
    if (s.matches("[A-Za-z0-9_@%+=:,./-]+")) {
      return s; // nothing a shell would read differently
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
