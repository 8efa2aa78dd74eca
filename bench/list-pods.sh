#!/usr/bin/env bash
# list pods: `knm list pods -A -c X` vs `kubectl get pods -A --chunk-size=500` on the same sandbox,
# both to /dev/null: wall time (median of RUNS, default 5) and peak RSS (median of 3), at each pod
# count given (default: 3000 30000). Checks first that both list the same number of pods.
# Prints markdown table rows for docs/benchmarks.md.
# Usage: bench/list-pods.sh [PODS...]      env: RUNS=N, NODES=K (default 100)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
bench_setup
export RUNS="${RUNS:-5}"
nodes="${NODES:-100}"
kubectl="${KUBECTL:-kubectl}"

rss_median() { # 3 runs
  local a b c
  a=$(peak_rss_kb "$@"); b=$(peak_rss_kb "$@"); c=$(peak_rss_kb "$@")
  printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p
}

start_sandbox() { # PODS NODES KUBECONFIG
  rm -f "$3"
  KNM_NO_CDS=1 "$knm" sandbox --pods "$1" --nodes "$2" --kubeconfig-out "$3" >"$work/sandbox.log" 2>&1 &
  sbpid=$!
  for _ in $(seq 600); do [ -s "$3" ] && return 0; sleep 0.2; done
  echo "sandbox did not start" >&2; cat "$work/sandbox.log" >&2; return 1
}
stop_sandbox() { kill "$sbpid" 2>/dev/null || true; wait "$sbpid" 2>/dev/null || true; sbpid=""; }

echo "| pods | knm wall | kubectl wall | ratio | knm peak RSS | kubectl peak RSS | ratio |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for pods in "${@:-3000 30000}"; do
  for p in $pods; do
    kc="$work/sandbox-$p.kubeconfig"
    start_sandbox "$p" "$nodes" "$kc"
    "$knm" -q import "sb$p" --kubeconfig "$kc" >/dev/null
    n_knm=$("$knm" list pods -A -c "sb$p" -o name | wc -l)
    n_kubectl=$("$kubectl" --kubeconfig "$kc" get pods -A --chunk-size=500 --no-headers | wc -l)
    [ "$n_knm" -eq "$n_kubectl" ] && [ "$n_knm" -ge "$p" ] \
      || { echo "pod counts differ: knm $n_knm, kubectl $n_kubectl" >&2; exit 1; }
    # the first run after a build makes the launcher's class-data-sharing archive (a training run
    # of every common command); a user pays it once per installation, so it is not timed here
    "$knm" list pods -A -c "sb$p" >/dev/null
    "$knm" list pods -A -c "sb$p" >/dev/null
    k_ms=$(median_ms "$knm" list pods -A -c "sb$p")
    c_ms=$(median_ms "$kubectl" --kubeconfig "$kc" get pods -A --chunk-size=500)
    k_rss=$(rss_median "$knm" list pods -A -c "sb$p")
    c_rss=$(rss_median "$kubectl" --kubeconfig "$kc" get pods -A --chunk-size=500)
    printf '| %d | %d ms | %d ms | %.2f× | %d MiB | %d MiB | %.2f× |\n' "$p" "$k_ms" "$c_ms" \
      "$(echo "$k_ms / $c_ms" | bc -l)" $((k_rss / 1024)) $((c_rss / 1024)) "$(echo "$k_rss / $c_rss" | bc -l)"
    stop_sandbox
  done
done
