#!/usr/bin/env bash
# Startup: `knm list` as a whole process on a store of 200 clusters (goal: < 0.4 s wall on the
# project's 2-core machine), and knm's fixed cost on a cluster: `knm list nodes -c sb -o name`
# against `knm sandbox --nodes 20 --pods 100`, with kubectl on the same sandbox for reference.
# Prints markdown table rows for docs/benchmarks.md, and the load average before and after.
# Usage: bench/startup.sh   (RUNS=N to change the number of timed runs, default 10)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
bench_setup

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
"$root/knm" -q import fleet --kubeconfig "$kc" --all-contexts --no-verify >/dev/null
count=$("$root/knm" list -o name | wc -l)
[ "$count" -eq 200 ] || { echo "expected 200 clusters, got $count" >&2; exit 1; }

dist="$knm"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$dist" list >/dev/null   # first run writes the class-data-sharing archive
"$dist" list >/dev/null
list_ms=$(median_ms "$dist" list)
name_ms=$(median_ms "$dist" list -o name)
version_ms=$(median_ms "$dist" --version)
nocds_ms=$(KNM_NO_CDS=1 median_ms "$dist" list)
rss=$(peak_rss_kb "$dist" list)
echo "| knm list, 200 clusters (H2) | ${list_ms} ms | ${name_ms} ms (-o name) | ${version_ms} ms (--version) | ${nocds_ms} ms (no CDS) | $((rss / 1024)) MiB |"

# the fixed cost of a command that talks to a cluster: 20 nodes, so the listing itself is small
kc="$work/sandbox.kubeconfig"
"$dist" sandbox --nodes 20 --pods 100 --kubeconfig-out "$kc" >"$work/sandbox.log" 2>&1 &
sbpid=$!
for _ in $(seq 300); do [ -s "$kc" ] && break; sleep 0.2; done
[ -s "$kc" ] || { echo "sandbox did not start" >&2; cat "$work/sandbox.log" >&2; exit 1; }
"$dist" -q import sb --kubeconfig "$kc" >/dev/null
count=$("$dist" list nodes -c sb -o name | wc -l)
[ "$count" -eq 20 ] || { echo "expected 20 nodes, got $count" >&2; exit 1; }
nodes_ms=$(median_ms "$dist" list nodes -c sb -o name)
nodes_rss=$(peak_rss_kb "$dist" list nodes -c sb -o name)
if command -v "${KUBECTL:-kubectl}" >/dev/null; then
  kubectl_ms="$(median_ms "${KUBECTL:-kubectl}" --kubeconfig "$kc" get nodes -o name) ms"
else
  kubectl_ms="-"
fi
echo "| knm list nodes -c sb -o name, 20 nodes | ${nodes_ms} ms | kubectl get nodes -o name: ${kubectl_ms} | $((nodes_rss / 1024)) MiB |"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
