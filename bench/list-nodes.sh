#!/usr/bin/env bash
# list nodes (issue #10's decision on #4's goal), on one sandbox of NODES nodes (default 1000) and
# PODS pods (default 5000), everything to /dev/null, median wall time of RUNS (default 5):
#   - `knm list nodes -c X` (its resource columns need every node and every non-terminated pod)
#     against kubectl doing the same job: `kubectl get nodes -o json` and `kubectl get pods -A -o
#     json`, run at the same time as knm runs its two listings. Goal: <= 0.5x.
#   - `knm list nodes -c X -o name` against `kubectl get nodes -o name`. Goal: <= 2x.
# Also peak RSS of the two full jobs. Prints markdown table rows.
# Usage: bench/list-nodes.sh      env: RUNS=N NODES=K PODS=M KUBECTL=path
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

# kubectl doing knm's job: the full Node objects and every pod, the two at once
kubectl_same_job() {
  "$kubectl" --kubeconfig "$kc" get nodes -o json >/dev/null &
  local n=$!
  "$kubectl" --kubeconfig "$kc" get pods -A -o json >/dev/null
  wait "$n"
}

# the first run after a build makes the launcher's class-data-sharing archive (a training run of
# every common command, ~15 s); a user pays it once per installation, so it is not timed here
"$knm" list nodes -c sb >/dev/null
"$knm" list nodes -c sb >/dev/null
k_ms=$(median_ms "$knm" list nodes -c sb)
c_ms=$(median_ms kubectl_same_job)
kn_ms=$(median_ms "$knm" list nodes -c sb -o name)
cn_ms=$(median_ms "$kubectl" --kubeconfig "$kc" get nodes -o name)
k_rss=$(peak_rss_kb "$knm" list nodes -c sb)
c_rss=$(peak_rss_kb bash -c "\"$kubectl\" --kubeconfig \"$kc\" get nodes -o json >/dev/null & \
  \"$kubectl\" --kubeconfig \"$kc\" get pods -A -o json >/dev/null; wait")
echo "| nodes | pods | knm list nodes | kubectl nodes + pods -o json | ratio (goal ≤ 0.5×) | knm -o name | kubectl get nodes -o name | ratio (goal ≤ 2×) | knm RSS | kubectl RSS (both) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '| %d | %d | %d ms | %d ms | %.2f× | %d ms | %d ms | %.2f× | %d MiB | %d MiB |\n' "$nodes" "$pods" \
  "$k_ms" "$c_ms" "$(echo "$k_ms / $c_ms" | bc -l)" "$kn_ms" "$cn_ms" "$(echo "$kn_ms / $cn_ms" | bc -l)" \
  $((k_rss / 1024)) $((c_rss / 1024))
