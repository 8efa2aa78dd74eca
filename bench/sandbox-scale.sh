#!/usr/bin/env bash
# Times real kubectl against a sandbox of 5,000 nodes and 50,000 pods.
# Usage: bench/sandbox-scale.sh [NODES] [PODS] [RUNS]
# Runs the sandbox as `knm sandbox`, the form a user runs.
set -euo pipefail
cd "$(dirname "$0")/.."
NODES=${1:-5000}
PODS=${2:-50000}
RUNS=${3:-3}
WORK=$(mktemp -d)
trap 'kill "$SB_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

./knm --version >/dev/null # builds if needed

start=$(date +%s%N)
KNM_JAVA_OPTS="-Xmx4g" ./knm sandbox \
  --nodes "$NODES" --pods "$PODS" --kubeconfig-out "$WORK/kubeconfig" >"$WORK/sandbox.log" 2>&1 &
SB_PID=$!
for _ in $(seq 1 600); do
  grep -q '^kubeconfig:' "$WORK/sandbox.log" 2>/dev/null && break
  kill -0 "$SB_PID" 2>/dev/null || { cat "$WORK/sandbox.log"; exit 1; }
  sleep 0.2
done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
head -1 "$WORK/sandbox.log"

time_it() { # label, command...
  local label=$1; shift
  local best=999999999 total=0 lines=0
  for _ in $(seq 1 "$RUNS"); do
    local t0; t0=$(date +%s%N)
    lines=$("$@" | wc -l)
    local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    total=$((total + ms)); (( ms < best )) && best=$ms
  done
  printf '| %s | %d | %d ms | %d ms |\n' "$label" "$lines" "$best" $((total / RUNS))
}

K="kubectl --kubeconfig $WORK/kubeconfig"
echo
echo "sandbox: $NODES nodes, $PODS pods, ready after ${ready_ms} ms (JVM start + generation), $(nproc) cores, $(date -u +%FT%TZ)"
echo
echo "| command | lines | best of $RUNS | mean |"
echo "| --- | --- | --- | --- |"
time_it "kubectl get nodes" $K get nodes --no-headers
time_it "kubectl get pods -A --chunk-size=500" $K get pods -A --chunk-size=500 --no-headers
time_it "kubectl get pods -A --chunk-size=500 -o name" $K get pods -A --chunk-size=500 -o name
