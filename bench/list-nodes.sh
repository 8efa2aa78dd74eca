#!/usr/bin/env bash
# list nodes: `knm list nodes -c X` vs `kubectl get nodes` on one sandbox of NODES nodes (default
# 1000) and PODS pods (default 5000), both to /dev/null: wall time (median of RUNS, default 5) and
# peak RSS. knm does more: besides the node list it lists every non-terminated pod once (PODS,
# CPU, MEMORY, GPU columns); -o name is timed too. Prints markdown table rows.
# Usage: bench/list-nodes.sh      env: RUNS=N NODES=K PODS=M
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
bench_setup
export RUNS="${RUNS:-5}"
nodes="${NODES:-1000}"
pods="${PODS:-5000}"
kubectl="${KUBECTL:-kubectl}"

kc="$work/sandbox.kubeconfig"
KNM_NO_CDS=1 "$knm" sandbox --pods "$pods" --nodes "$nodes" --kubeconfig-out "$kc" >"$work/sandbox.log" 2>&1 &
sbpid=$!
for _ in $(seq 600); do [ -s "$kc" ] && break; sleep 0.2; done
[ -s "$kc" ] || { echo "sandbox did not start" >&2; cat "$work/sandbox.log" >&2; exit 1; }

"$knm" -q import sb --kubeconfig "$kc" >/dev/null
n_knm=$("$knm" list nodes -c sb -o name | wc -l)
n_kubectl=$("$kubectl" --kubeconfig "$kc" get nodes --no-headers | wc -l)
[ "$n_knm" -eq "$nodes" ] && [ "$n_kubectl" -eq "$nodes" ] \
  || { echo "node counts: knm $n_knm, kubectl $n_kubectl, expected $nodes" >&2; exit 1; }
# the first run after a build makes the launcher's class-data-sharing archive (a training run of
# every common command, ~15 s); a user pays it once per installation, so it is not timed here
"$knm" list nodes -c sb >/dev/null
"$knm" list nodes -c sb >/dev/null
k_ms=$(median_ms "$knm" list nodes -c sb)
kn_ms=$(median_ms "$knm" list nodes -c sb -o name)
c_ms=$(median_ms "$kubectl" --kubeconfig "$kc" get nodes)
# what the same data costs elsewhere: kubectl fetching the full Node objects knm's columns come from
# (-o json; its default output is a server-side Table, 36 KB a page), and the floor: the node pages
# alone, fetched by curl one after the other as a paginated list must be (no parsing, no start-up)
cj_ms=$(median_ms "$kubectl" --kubeconfig "$kc" get nodes -o json)
floor_ms=$(median_of_runs node_pages_ms "$kc")
k_rss=$(peak_rss_kb "$knm" list nodes -c sb)
c_rss=$(peak_rss_kb "$kubectl" --kubeconfig "$kc" get nodes)
echo "| nodes | pods | knm list nodes | knm -o name | kubectl get nodes | ratio | kubectl -o json | node pages (curl) | knm RSS | kubectl RSS |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '| %d | %d | %d ms | %d ms | %d ms | %.2f× | %d ms | %d ms | %d MiB | %d MiB |\n' "$nodes" "$pods" \
  "$k_ms" "$kn_ms" "$c_ms" "$(echo "$k_ms / $c_ms" | bc -l)" "$cj_ms" "$floor_ms" $((k_rss / 1024)) \
  $((c_rss / 1024))
