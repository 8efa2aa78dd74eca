#!/usr/bin/env bash
# drain: `knm drain` vs `kubectl drain` with the same flags (--ignore-daemonsets
# --delete-emptydir-data --force --grace-period=1: equal, short grace periods) on the same sandbox:
# each timed run gets a fresh sandbox built from the same seed, so both tools drain identical pods.
#   1. one node holding 110 pods (`--nodes 1 --pods 110`): knm, kubectl;
#   2. 20 nodes of ~30 pods (`--nodes 20 --pods 620`), every node named on the command line:
#      knm --max-concurrent-nodes 5, knm one node at a time (the default), kubectl (one at a time).
# Wall time: median of RUNS (default 3), the tools alternated run by run. Peak RSS (median of 3) of
# the one-node drain. Checks that each drain left only DaemonSet and mirror pods behind.
# Prints markdown table rows for docs/benchmarks.md.
# Usage: bench/drain.sh      env: RUNS=N, KUBECTL=path
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
bench_setup
runs="${RUNS:-3}"
kubectl="${KUBECTL:-kubectl}"
flags=(--ignore-daemonsets --delete-emptydir-data --force --grace-period=1)
kc="$work/sandbox.kubeconfig"

start_sandbox() { # NODES PODS
  rm -f "$kc"
  KNM_NO_CDS=1 "$knm" sandbox --nodes "$1" --pods "$2" --seed 7 --kubeconfig-out "$kc" \
    >"$work/sandbox.log" 2>&1 &
  sbpid=$!
  for _ in $(seq 600); do [ -s "$kc" ] && break; sleep 0.1; done
  [ -s "$kc" ] || { echo "sandbox did not start" >&2; cat "$work/sandbox.log" >&2; return 1; }
  "$knm" -q import sb --kubeconfig "$kc" --overwrite >/dev/null
}
stop_sandbox() { kill "$sbpid" 2>/dev/null || true; wait "$sbpid" 2>/dev/null || true; sbpid=""; }

nodes() { "$kubectl" --kubeconfig "$kc" get nodes -o name | sed 's#^node/##' | tr '\n' ' '; }

# left_ok: every node holds only DaemonSet and mirror pods (what both tools leave)
left_ok() {
  local left
  left=$("$kubectl" --kubeconfig "$kc" get pods -A --no-headers \
    -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name |
    grep -v -e 'node-exporter-' -e 'kube-apiserver-' || true)
  [ -z "$left" ] || { echo "pods left after the drain:" >&2; echo "$left" >&2; return 1; }
}

# timed NODES PODS TOOL: on a fresh sandbox, the drain's wall time in ms (setup not timed)
timed() {
  local n=$1 p=$2 tool=$3 all start end
  start_sandbox "$n" "$p"
  all=$(nodes)
  start=$(date +%s%N)
  case $tool in
    kubectl) "$kubectl" --kubeconfig "$kc" drain $all "${flags[@]}" >/dev/null 2>&1 ;;
    knm-parallel) "$knm" drain $all -c sb "${flags[@]}" --max-concurrent-nodes 5 >/dev/null 2>&1 ;;
    knm) "$knm" drain $all -c sb "${flags[@]}" >/dev/null 2>&1 ;;
  esac || { echo "$tool drain failed" >&2; stop_sandbox; return 1; }
  end=$(date +%s%N)
  left_ok || { stop_sandbox; return 1; }
  stop_sandbox
  echo $(((end - start) / 1000000))
}

# rss NODES PODS TOOL: peak RSS in KiB of the drain on a fresh sandbox
rss() {
  local n=$1 p=$2 tool=$3 all kb
  start_sandbox "$n" "$p"
  all=$(nodes)
  case $tool in
    kubectl) kb=$(peak_rss_kb "$kubectl" --kubeconfig "$kc" drain $all "${flags[@]}") ;;
    knm) kb=$(peak_rss_kb "$knm" drain $all -c sb "${flags[@]}") ;;
  esac
  stop_sandbox
  echo "$kb"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

# the launcher makes its class-data-sharing archive on its first run: once per installation,
# not timed here
start_sandbox 1 10
"$knm" list nodes -c sb >/dev/null
stop_sandbox

declare -A ms
for ((r = 0; r < runs; r++)); do
  ms[one_knm]+="$(timed 1 110 knm) "
  ms[one_kubectl]+="$(timed 1 110 kubectl) "
  ms[many_parallel]+="$(timed 20 620 knm-parallel) "
  ms[many_knm]+="$(timed 20 620 knm) "
  ms[many_kubectl]+="$(timed 20 620 kubectl) "
done
med() { tr ' ' '\n' <<<"${ms[$1]}" | grep . | median; }
k_rss=$(for _ in 1 2 3; do rss 1 110 knm; done | median)
c_rss=$(for _ in 1 2 3; do rss 1 110 kubectl; done | median)

one_knm=$(med one_knm); one_kubectl=$(med one_kubectl)
par=$(med many_parallel); seq=$(med many_knm); kub=$(med many_kubectl)
echo "| drain | knm | kubectl | knm / kubectl |"
echo "|---|---:|---:|---:|"
printf '| 1 node, 110 pods | %d ms | %d ms | %.2f× |\n' "$one_knm" "$one_kubectl" "$(echo "$one_knm / $one_kubectl" | bc -l)"
printf '| 20 nodes × ~30 pods, knm --max-concurrent-nodes 5 | %d ms | %d ms | %.2f× |\n' "$par" "$kub" "$(echo "$par / $kub" | bc -l)"
printf '| 20 nodes × ~30 pods, knm one node at a time | %d ms | %d ms | %.2f× |\n' "$seq" "$kub" "$(echo "$seq / $kub" | bc -l)"
printf '| knm --max-concurrent-nodes 5 / knm one at a time | | | %.2f× |\n' "$(echo "$par / $seq" | bc -l)"
printf '| peak RSS, 1 node of 110 pods | %d MiB | %d MiB | %.2f× |\n' $((k_rss / 1024)) $((c_rss / 1024)) "$(echo "$k_rss / $c_rss" | bc -l)"
echo
echo "runs (ms): $(for k in one_knm one_kubectl many_parallel many_knm many_kubectl; do printf '%s=[%s] ' "$k" "${ms[$k]% }"; done)"
