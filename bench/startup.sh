#!/usr/bin/env bash
# Start-up as whole processes: `knm --version`, `knm list` on a store of 200 clusters (goal:
# <= 0.3 s) and `knm list nodes -c sb -o name` against `knm sandbox --nodes 20 --pods 100` (goal:
# <= 2x kubectl's `get nodes -o name` on the same sandbox, timed in the same rounds), for each
# Java and start-up cache the launcher can use: JDK 17 + its static CDS archive, JDK 25 + the AOT
# cache (JEP 483/514), and JDK 25 + a static CDS archive. Rounds alternate the configurations
# (A B C kubectl, A B C kubectl, ...) so that the machine's drift hits them alike; medians.
# Prints markdown rows for docs/benchmarks.md and the load average before and after.
# Usage: bench/startup.sh   (RUNS=N rounds, default 10; JDK17=/path JDK25=/path to choose)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
bench_setup

jdk17="${JDK17:-$(jdk_home 17)}"
jdk25="${JDK25:-$(jdk_home 25)}"
configs=()
[ -n "$jdk17" ] && configs+=("jdk17-cds $jdk17/bin/java cds")
[ -n "$jdk25" ] && configs+=("jdk25-aot $jdk25/bin/java aot" "jdk25-cds $jdk25/bin/java cds")
[ "${#configs[@]}" -gt 0 ] || { echo "no JDK 17 or 25 found" >&2; exit 1; }

# one kubeconfig with 200 contexts -> 200 clusters in one import
kc="$work/fleet.yaml"
{
  echo "apiVersion: v1"; echo "kind: Config"; echo "clusters:"
  for i in $(seq -w 1 200); do
    printf -- "- name: c%s\n  cluster:\n    server: https://10.%d.0.1:6443\n" "$i" "$((10#$i % 250))"
  done
  echo "users:"
  for i in $(seq -w 1 200); do printf -- "- name: u%s\n  user:\n    token: bench-token-%s\n" "$i" "$i"; done
  echo "contexts:"
  for i in $(seq -w 1 200); do printf -- "- name: ctx%s\n  context:\n    cluster: c%s\n    user: u%s\n" "$i" "$i" "$i"; done
  echo "current-context: ctx001"
} > "$kc"
"$knm" -q import fleet --kubeconfig "$kc" --all-contexts --no-verify >/dev/null
count=$("$knm" list -o name | wc -l)
[ "$count" -eq 200 ] || { echo "expected 200 clusters, got $count" >&2; exit 1; }

sbkc="$work/sandbox.kubeconfig"
"$knm" sandbox --nodes 20 --pods 100 --kubeconfig-out "$sbkc" >"$work/sandbox.log" 2>&1 &
sbpid=$!
for _ in $(seq 300); do [ -s "$sbkc" ] && break; sleep 0.2; done
[ -s "$sbkc" ] || { echo "sandbox did not start" >&2; cat "$work/sandbox.log" >&2; exit 1; }
"$knm" -q import sb --kubeconfig "$sbkc" >/dev/null
count=$("$knm" list nodes -c sb -o name | wc -l)
[ "$count" -eq 20 ] || { echo "expected 20 nodes, got $count" >&2; exit 1; }
kubectl="${KUBECTL:-kubectl}"
command -v "$kubectl" >/dev/null || kubectl=""

# each configuration's cache is made (first run) and warmed before timing
for c in "${configs[@]}"; do
  read -r name java kind <<<"$c"
  KNM_JAVA=$java KNM_START_CACHE=$kind "$knm" list >/dev/null 2>&1
  KNM_JAVA=$java KNM_START_CACHE=$kind "$knm" list >/dev/null
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A times
for ((r = 0; r < ${RUNS:-10}; r++)); do
  for c in "${configs[@]}"; do
    read -r name java kind <<<"$c"
    export KNM_JAVA=$java KNM_START_CACHE=$kind
    times[$name-version]+="$(once_ms "$knm" --version) "
    times[$name-list]+="$(once_ms "$knm" list) "
    times[$name-nodes]+="$(once_ms "$knm" list nodes -c sb -o name) "
    unset KNM_JAVA KNM_START_CACHE
  done
  [ -n "$kubectl" ] && times[kubectl]+="$(once_ms "$kubectl" --kubeconfig "$sbkc" get nodes -o name) "
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
med() { tr ' ' '\n' <<<"${times[$1]}" | grep . | median; }
k="-"
[ -n "$kubectl" ] && k="$(med kubectl)"
echo "| configuration | \`knm --version\` | \`knm list\` (200 clusters) | \`knm list nodes -c sb -o name\` (20 nodes) | kubectl \`get nodes -o name\` | list nodes / kubectl |"
echo "| --- | --- | --- | --- | --- | --- |"
for c in "${configs[@]}"; do
  read -r name java kind <<<"$c"
  n=$(med "$name-nodes")
  ratio="-"
  [ "$k" != "-" ] && ratio=$(awk -v a="$n" -v b="$k" 'BEGIN {printf "%.1f", a / b}')
  echo "| $name | $(med "$name-version") ms | $(med "$name-list") ms | $n ms | $k ms | ${ratio}x |"
done
