package dev.knm.completion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The bash completion script: picocli's own ({@link AutoComplete#bash}), which completes
 * subcommands, options and enum values (-o), with one addition for the values only knm can tell
 * ({@link DynamicValues}): such an argument gets a single marker candidate (a positional parameter
 * through the spec; an option, which may be part of an argument group that picocli does not let go,
 * by replacing the "no completion" case picocli writes for it), and the script's {@code
 * compReplyArray}, through which picocli's script passes every candidate list, is wrapped so that a
 * marker asks {@code knm __complete KIND} at that moment, and only then. zsh runs the same script
 * through bashcompinit (picocli's script sets that up itself).
 */
final class BashScript {
  static final String NAME = "knm";

  /** The line of picocli's script that defines the candidate function wrapped below. */
  private static final String PICOCLI_CANDIDATES = "function compReplyArray() {\n";

  private static final String DYNAMIC =
      """

      # knm: cluster names, node names and kubeconfig contexts cannot be known when this script is
      # made; a candidate list of one __knm_dynamic_KIND marker asks `knm __complete KIND` for them
      # when, and only when, such a value is being completed.
      function compReplyArray() {
        if [ "$#" -eq 1 ] && [[ "$1" == __knm_dynamic_* ]]; then
          local IFS=$'\\n'
          local values=( $(_knm_dynamic "${1#__knm_dynamic_}") )
          _knm_static_candidates "${values[@]}"
          return 0
        fi
        _knm_static_candidates "$@"
      }

      # _knm_dynamic KIND: runs `knm __complete KIND [CLUSTER | KUBECONFIG]` with the --store,
      # --key-file and --passphrase-file of the line being completed; prints nothing on any failure.
      function _knm_dynamic() {
        local kind="$1" i word next cluster="" kubeconfig=""
        local args=()
        for (( i=1; i<COMP_CWORD; i++ )); do
          word=${COMP_WORDS[i]}
          next=""
          if (( i + 1 < COMP_CWORD )); then next=${COMP_WORDS[i+1]}; fi
          case "$word" in
            --store|--key-file|--passphrase-file) [ -n "$next" ] && args+=("$word" "${next/#\\~/$HOME}") ;;
            -c|--cluster) cluster=$next ;;
            --kubeconfig) kubeconfig=${next/#\\~/$HOME} ;;
          esac
        done
        local arg=""
        case "$kind" in
          nodes) [ -n "$cluster" ] || return 0; arg=$cluster ;;
          contexts) [ -n "$kubeconfig" ] || return 0; arg=$kubeconfig ;;
        esac
        local knm=${COMP_WORDS[0]/#\\~/$HOME}
        # knm bounds a cluster to 2 s; this bounds the rest (an unreachable PostgreSQL store)
        local bound=()
        type timeout &>/dev/null && bound=(timeout 6)
        "${bound[@]}" "$knm" "${args[@]}" __complete "$kind" ${arg:+"$arg"} 2>/dev/null
      }
      """;

  private BashScript() {}

  static String of(CommandLine root) {
    Map<String, DynamicValues> options = markDynamicValues(root);
    String picocli = AutoComplete.bash(NAME, root);
    for (Map.Entry<String, DynamicValues> o : options.entrySet()) {
      String none = "    " + o.getKey() + ")\n      return\n      ;;\n";
      if (!picocli.contains(none)) {
        throw new IllegalStateException("picocli's bash script has no case " + o.getKey());
      }
      picocli =
          picocli.replace(
              none,
              "    "
                  + o.getKey()
                  + ")\n      local IFS=$'\\n'\n      COMPREPLY=( $( compReplyArray \""
                  + o.getValue().marker()
                  + "\" ) )\n      return $?\n      ;;\n");
    }
    int at = picocli.indexOf(PICOCLI_CANDIDATES);
    if (at < 0 || picocli.indexOf(PICOCLI_CANDIDATES, at + 1) >= 0) {
      // a picocli upgrade changed its script: fail the build rather than ship a broken one
      throw new IllegalStateException("picocli's bash script has no single " + PICOCLI_CANDIDATES);
    }
    String renamed =
        picocli.substring(0, at)
            + "function _knm_static_candidates() {\n"
            + picocli.substring(at + PICOCLI_CANDIDATES.length());
    int footer = renamed.lastIndexOf("\n# Define a completion specification");
    if (footer < 0) {
      throw new IllegalStateException("picocli's bash script has no compspec footer");
    }
    return renamed.substring(0, footer) + DYNAMIC + renamed.substring(footer);
  }

  /**
   * Gives every positional parameter with {@link DynamicValues} the marker as its only candidate
   * (rebuilt: picocli's are immutable; the tree is only good for generating scripts afterwards),
   * and returns the options with dynamic values by their case label in picocli's script ('-c'|'--
   * cluster').
   */
  private static Map<String, DynamicValues> markDynamicValues(CommandLine root) {
    Map<String, DynamicValues> options = new LinkedHashMap<>();
    for (CommandLine cmd : CommandTree.commands(root, false)) {
      CommandSpec spec = cmd.getCommandSpec();
      for (OptionSpec o : spec.options()) {
        if (!o.hidden()) {
          DynamicValues.of(o).ifPresent(v -> options.put(caseLabel(o), v));
        }
      }
      for (PositionalParamSpec p : List.copyOf(spec.positionalParameters())) {
        if (p.group() == null && !p.hidden()) {
          DynamicValues.of(p)
              .ifPresent(
                  v -> {
                    spec.remove(p);
                    spec.addPositional(
                        p.toBuilder().completionCandidates(List.of(v.marker())).build());
                  });
        }
      }
    }
    return options;
  }

  /** How picocli's script names an option in its {@code case ${prev_word}}: '-c'|'--cluster'. */
  private static String caseLabel(OptionSpec o) {
    List<String> quoted = new ArrayList<>();
    for (String name : o.names()) {
      quoted.add("'" + name + "'");
    }
    return String.join("|", quoted);
  }
}
