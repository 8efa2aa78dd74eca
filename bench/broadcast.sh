#!/usr/bin/env bash
# Issue #12 "must show": `knm broadcast-reload` to 200 instances on loopback, of which 20 accept
# connections and never answer and 10 refuse (bench-only stand-ins: dev.knm.sandbox.fleet.
# FakeInstances from the distribution's lib/), timeout 5 s. Goal: total <= timeout + 1 s.
# Measured in the same run, for comparison:
#   knm      the sliding window, --concurrency 64 (knm's default)
#   seed-10  the seed design's semaphore of 10 (knm's sliding window with --concurrency 10)
#   batch-10 fixed batches of 10, each waiting for its slowest (hidden, bench-only --batches)
# with the silent instances first in the list (the seed's "about 10 s" case), then shuffled
# (fixed seed: the same list every run).
# Usage: bench/broadcast.sh [RUNS]   (default 1; each batch-10 shuffled run takes about a minute)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
bench_setup
runs="${1:-1}"
lib="$root/dist/target/knm/lib"
printf 'bench-token-%s\n' "$RANDOM$RANDOM" >"$work/token"
export KNM_RELOAD_TOKEN="$(cat "$work/token")"
fakepid=""
stop_fakes() { if [ -n "$fakepid" ]; then kill "$fakepid" 2>/dev/null && wait "$fakepid" 2>/dev/null || :; fakepid=""; fi; }
trap 'stop_fakes; bench_cleanup' EXIT

start_fakes() { # ORDER
  stop_fakes
  rm -f "$work/addresses"
  java -cp "$lib/*" dev.knm.sandbox.fleet.FakeInstances --answering 170 --silent 20 --refusing 10 \
    --order "$1" --token-file "$work/token" --addresses-out "$work/addresses" >"$work/fakes.log" 2>&1 &
  fakepid=$!
  for _ in $(seq 300); do [ -s "$work/addresses" ] && break; sleep 0.1; done
  [ -s "$work/addresses" ] || { echo "fake instances did not start" >&2; cat "$work/fakes.log" >&2; exit 1; }
}

run() { # LABEL ARGS...: prints "LABEL wall_ms broadcast_ms acknowledged exit"
  local label=$1 start code ms
  shift
  start=$(date +%s%N)
  set +e
  "$knm" -q broadcast-reload bench --instances "$(cat "$work/addresses")" --timeout 5s -o json "$@" >"$work/out.json" 2>"$work/err"
  code=$?
  set -e
  ms=$((($(date +%s%N) - start) / 1000000))
  printf '%-9s %-9s wall %6d ms   broadcast %6d ms   acknowledged %s/200   exit %d\n' \
    "$label" "$order" "$ms" "$(grep -o '"durationMs": [0-9]*' "$work/out.json" | grep -o '[0-9]*$')" \
    "$(grep -o '"acknowledged": [0-9]*' "$work/out.json" | grep -o '[0-9]*$')" "$code"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC') load: $(uptime | sed 's/.*load average: //')"
for order in first shuffled; do
  start_fakes "$order"
  for i in $(seq "$runs"); do
    run knm
    run seed-10 --concurrency 10
    run batch-10 --concurrency 10 --batches
  done
done
echo "# after: load: $(uptime | sed 's/.*load average: //')"
