#!/usr/bin/env bash
# Startup: `knm list` as a whole process on a store of 200 clusters (goal: < 0.4 s wall on the
# project's 2-core machine). Prints a markdown table row for docs/benchmarks.md.
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
"$dist" list >/dev/null   # first run writes the class-data-sharing archive
"$dist" list >/dev/null
list_ms=$(median_ms "$dist" list)
name_ms=$(median_ms "$dist" list -o name)
version_ms=$(median_ms "$dist" --version)
nocds_ms=$(KNM_NO_CDS=1 median_ms "$dist" list)
rss=$(peak_rss_kb "$dist" list)
echo "| knm list, 200 clusters (H2) | ${list_ms} ms | ${name_ms} ms (-o name) | ${version_ms} ms (--version) | ${nocds_ms} ms (no CDS) | $((rss / 1024)) MiB |"
