#!/usr/bin/env bash
# Issue #4 "must show", full size, through the real launcher: `knm -v list pods -A -o name` on
# PODS pods (default 20000) with 20% 5xx, 10% 429 (Retry-After 1 s), continue tokens that expire
# after 600 ms, and 200 ms latency. Each run must print every pod exactly once (compared with
# kubectl's list taken with the faults off) or fail with exit code 4 and ONE error line; prints the
# outcome, time and retries seen on stderr. The production retry budget (3 retries, 1 s base
# delay) is used unless KNM_RETRY_MAX / KNM_RETRY_BASE_DELAY are set.
# Usage: bench/faults.sh [RUNS]   (default 3)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
bench_setup
pods="${PODS:-20000}"
runs="${1:-3}"
kc="$work/sandbox.kubeconfig"
KNM_NO_CDS=1 "$knm" sandbox --pods "$pods" --nodes 100 --kubeconfig-out "$kc" >"$work/sandbox.log" 2>&1 &
sbpid=$!
for _ in $(seq 600); do [ -s "$kc" ] && break; sleep 0.2; done
[ -s "$kc" ] || { echo "sandbox did not start" >&2; exit 1; }
url=$(awk '/server:/ {print $2; exit}' "$kc")
token=$(awk '/token:/ {print $2; exit}' "$kc")
faults() { curl -sk -X POST -H "Authorization: Bearer $token" -d "$1" "$url/_sandbox/faults" >/dev/null; }

"$knm" -q import sb --kubeconfig "$kc" >/dev/null
kubectl --kubeconfig "$kc" get pods -A --no-headers -o custom-columns=N:.metadata.name | sed 's|^|pod/|' | sort >"$work/expected"
[ "$(wc -l <"$work/expected")" -ge "$pods" ] || { echo "expected list too short" >&2; exit 1; }
faults '{"errorRate":0.2,"throttleRate":0.1,"retryAfterSeconds":1,"continueTtlSeconds":0.6,"latencyMs":200}'

ok=0
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  set +e
  "$knm" -v list pods -A -c sb -o name >"$work/out" 2>"$work/err"
  code=$?
  set -e
  ms=$((($(date +%s%N) - start) / 1000000))
  retries=$(grep -c ', retry [0-9]*/' "$work/err" || true)
  expired=$(grep -c 'continue token .* expired' "$work/err" || true)
  if [ "$code" -eq 0 ]; then
    sort "$work/out" | uniq -d >"$work/dups"
    if [ -s "$work/dups" ] || ! sort "$work/out" | cmp -s - "$work/expected"; then
      echo "run $i: WRONG OUTPUT ($(wc -l <"$work/out") lines, $(wc -l <"$work/dups") duplicated)"; exit 1
    fi
    ok=$((ok + 1))
    echo "run $i: exit 0, $(wc -l <"$work/out") pods exactly once, ${ms} ms, $retries retries, $expired expired tokens"
  else
    errors=$(grep -c '^error: ' "$work/err" || true)
    echo "run $i: exit $code after ${ms} ms, $retries retries, $expired expired tokens; $errors error line(s): $(grep '^error: ' "$work/err" | head -1)"
    [ "$code" -eq 4 ] && [ "$errors" -eq 1 ] || { echo "unexpected failure" >&2; exit 1; }
  fi
done
echo "$ok of $runs runs complete"
