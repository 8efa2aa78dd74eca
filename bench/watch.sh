#!/usr/bin/env bash
# knm watch against kubectl get nodes -w -o json (and fabric8's informer, the alternative knm's
# informer was chosen over) on the same sandboxes in one run:
#   heap  retained heap per node after a full GC (jcmd GC.class_histogram), 5 clusters of NODES
#         nodes each (default 1000: 5,000 nodes), above the same watch of 5 empty clusters; kubectl
#         holds no cache, its RSS growth is given for reference;
#   lat   change on the server -> its line on the watcher's stdout, CHANGES (default 1000) label
#         changes on one cluster while all 5 are watched (bench/watch-latency.py);
#   cpu   CPU time of watching one cluster of HB_NODES (default 5000) nodes that each post a
#         heartbeat-only status every 10 s, measured over CPU_SECONDS (default 120) after a warm-up,
#         scaled to an hour; the sandbox's achieved write rate is printed with it.
# Prints markdown rows. Usage: bench/watch.sh [heap] [lat] [cpu]   (default: all three)
# env: NODES CHANGES PACE_MS HB_NODES CPU_SECONDS KUBECTL
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
bench_setup
nodes="${NODES:-1000}"
changes="${CHANGES:-1000}"
pace="${PACE_MS:-20}"
hb_nodes="${HB_NODES:-5000}"
seconds="${CPU_SECONDS:-120}"
kubectl="${KUBECTL:-kubectl}"
parts="${*:-heap lat cpu}"
pids=()
cleanup_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || :; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || :; done
  bench_cleanup
}
trap cleanup_all EXIT

# the fabric8 informer harness runs from the test classes (core/src/test/.../InformerBench.java)
(cd "$root" && ./mvnw -B -q -pl core -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test -Dspotless.check.skip=true) >&2
cp="$root/core/target/test-classes:$root/core/target/classes:$(cat "$work/cp.txt")"
# run in the background only: exec, so that $! is the JVM (jcmd, /proc)
harness() { exec java -XX:+UseSerialGC -Xss1m -cp "$cp" dev.knm.watch.InformerBench "$@"; }

# sandbox NAME NODES [flags...]: starts `knm sandbox` in the background, waits for its kubeconfig
sandbox() {
  local name=$1 n=$2
  shift 2
  "$knm" sandbox --nodes "$n" --pods 0 --seed "${#pids[@]}" --kubeconfig-out "$work/$name.kc" "$@" \
    >"$work/$name.sandbox.log" 2>&1 &
  pids+=($!)
}
await_file() { for _ in $(seq 1200); do [ -s "$1" ] && return; sleep 0.5; done; echo "no $1" >&2; exit 1; }
# await_count FILE PATTERN N: until FILE has N lines matching PATTERN
await_count() {
  for _ in $(seq 2400); do
    [ "$(grep -c -- "$2" "$1" 2>/dev/null || :)" -ge "$3" ] && return
    sleep 0.5
  done
  echo "timed out waiting for $3 x '$2' in $1" >&2
  exit 1
}
# heap_kb PID: live heap after a full GC, median of three, in KB
heap_kb() {
  local a b c
  a=$(jcmd "$1" GC.class_histogram | tail -1 | awk '{print $3}'); sleep 2
  b=$(jcmd "$1" GC.class_histogram | tail -1 | awk '{print $3}'); sleep 2
  c=$(jcmd "$1" GC.class_histogram | tail -1 | awk '{print $3}')
  printf '%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p | awk '{printf "%d", $1 / 1024}'
}
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "load average at start: $(uptime | sed 's/.*load average: //')"

if [[ $parts == *heap* || $parts == *lat* ]]; then
  for i in 1 2 3 4 5; do sandbox "full-$i" "$nodes"; done
  sandbox empty 0
  for i in 1 2 3 4 5; do await_file "$work/full-$i.kc"; done
  await_file "$work/empty.kc"
  for i in 1 2 3 4 5; do
    "$knm" -q import "full-$i" --kubeconfig "$work/full-$i.kc" >/dev/null
    "$knm" -q import "empty-$i" --kubeconfig "$work/empty.kc" >/dev/null
  done
  full=(full-1 full-2 full-3 full-4 full-5)
  empty=(empty-1 empty-2 empty-3 empty-4 empty-5)
fi

if [[ $parts == *heap* ]]; then
  # knm watch, exactly as users run it (the distribution's launcher)
  knm_heap() { # prefix clusters...
    local tag=$1 args=()
    shift
    for c in "$@"; do args+=(-c "$c"); done
    "$knm" watch "${args[@]}" -o ndjson --state-interval 0 >/dev/null 2>"$work/$tag.err" &
    local p=$!
    await_count "$work/$tag.err" "synced" 5
    sleep 3
    heap_kb "$p"
    kill "$p"; wait "$p" 2>/dev/null || :
  }
  f8_heap() { # mode prefix kubeconfigs...
    local mode=$1 tag=$2
    shift 2
    harness "$mode" "$@" >"$work/$tag.out" 2>"$work/$tag.err" &
    local p=$!
    await_count "$work/$tag.out" "synced" 1
    sleep 3
    heap_kb "$p"
    kill "$p"; wait "$p" 2>/dev/null || :
  }
  k_full=$(knm_heap knm-full "${full[@]}")
  k_empty=$(knm_heap knm-empty "${empty[@]}")
  fkc=(); ekc=()
  for i in 1 2 3 4 5; do fkc+=("$work/full-$i.kc"); ekc+=("$work/empty.kc"); done
  f_full=$(f8_heap fabric8 f8-full "${fkc[@]}")
  f_empty=$(f8_heap fabric8 f8-empty "${ekc[@]}")
  c_full=$(f8_heap fabric8-compact f8c-full "${fkc[@]}")
  c_empty=$(f8_heap fabric8-compact f8c-empty "${ekc[@]}")
  # kubectl get nodes -w -o json: no cache; its resident memory once it has printed every node
  kubectl_rss() { # kubeconfigs...
    local ps=() total=0 i=0
    for kc in "$@"; do
      "$kubectl" --kubeconfig "$kc" get nodes -w -o json >"$work/kubectl-$i.out" 2>/dev/null &
      ps+=($!)
      i=$((i + 1))
    done
    i=0
    for kc in "$@"; do
      if [ "$kc" != "$work/empty.kc" ]; then await_count "$work/kubectl-$i.out" '"kind": "Node"' "$nodes"; fi
      i=$((i + 1))
    done
    sleep 3
    for p in "${ps[@]}"; do total=$((total + $(rss_kb "$p"))); done
    for p in "${ps[@]}"; do kill "$p"; wait "$p" 2>/dev/null || :; done
    rm -f "$work"/kubectl-*.out
    echo "$total"
  }
  r_full=$(kubectl_rss "${fkc[@]}")
  r_empty=$(kubectl_rss "${ekc[@]}")
  total=$((5 * nodes))
  per() { awk -v a="$1" -v b="$2" -v n="$total" 'BEGIN {printf "%.2f KB", (a - b) * 1024 / n / 1000}'; }
  echo
  echo "heap: 5 clusters x $nodes nodes, live heap after a full GC (median of 3), above 5 empty clusters"
  echo "| watcher | 5 empty clusters | $total nodes | per node |"
  echo "|---|---:|---:|---:|"
  echo "| knm watch | $((k_empty / 1024)) MiB | $((k_full / 1024)) MiB | $(per "$k_full" "$k_empty") |"
  echo "| fabric8 informer, default store | $((f_empty / 1024)) MiB | $((f_full / 1024)) MiB | $(per "$f_full" "$f_empty") |"
  echo "| fabric8 informer, compact store | $((c_empty / 1024)) MiB | $((c_full / 1024)) MiB | $(per "$c_full" "$c_empty") |"
  echo "| kubectl get nodes -w -o json x5 (RSS, no cache) | $((r_empty / 1024)) MiB | $((r_full / 1024)) MiB | $(per "$r_full" "$r_empty") |"
fi

if [[ $parts == *lat* ]]; then
  nodelist=$(awk -v n="$nodes" 'BEGIN {for (i = 0; i < n && i < 50; i++) {m = 110 + i; printf "%s10-16-%d-%d.maas", (i ? "," : ""), 10 + int(m / 256), m % 256}}')
  echo
  echo "latency: $changes label changes on full-1, ${pace} ms apart, knm watching all 5 clusters ($((5 * nodes)) nodes)"
  python3 "$root/bench/watch-latency.py" "$work/full-1.kc" "$nodelist" "$changes" "$pace" \
    "knm=$knm watch -c full-1 -c full-2 -c full-3 -c full-4 -c full-5 -o ndjson --state-interval 0" \
    "kubectl=$kubectl --kubeconfig $work/full-1.kc get nodes -w -o json"
fi

if [[ $parts == *cpu* ]]; then
  sandbox hb "$hb_nodes" --heartbeat-interval 10s
  await_file "$work/hb.kc"
  "$knm" -q import hb --kubeconfig "$work/hb.kc" >/dev/null
  "$knm" watch -c hb -o ndjson --state-interval 0 >/dev/null 2>"$work/hb-knm.err" &
  kp=$!; pids+=("$kp")
  "$kubectl" --kubeconfig "$work/hb.kc" get nodes -w -o json >/dev/null 2>&1 &
  cp_=$!; pids+=("$cp_")
  harness fabric8 "$work/hb.kc" >"$work/hb-f8.out" 2>&1 &
  fp=$!; pids+=("$fp")
  harness fabric8-compact "$work/hb.kc" >"$work/hb-f8c.out" 2>&1 &
  fcp=$!; pids+=("$fcp")
  await_count "$work/hb-knm.err" "synced" 1
  await_count "$work/hb-f8.out" "synced" 1
  await_count "$work/hb-f8c.out" "synced" 1
  sleep 20
  rv() { # the sandbox's resourceVersion: how many writes it has made
    local kc=$work/hb.kc server token
    server=$(awk '/server:/ {print $2; exit}' "$kc")
    token=$(awk '/token:/ {print $2; exit}' "$kc")
    curl -sk -H "Authorization: Bearer $token" "$server/api/v1/namespaces?limit=1" |
      grep -o '"resourceVersion":"[0-9]*"' | head -1 | grep -o '[0-9]*'
  }
  rv0=$(rv); k0=$(cpu_ticks "$kp"); c0=$(cpu_ticks "$cp_"); f0=$(cpu_ticks "$fp"); g0=$(cpu_ticks "$fcp")
  sleep "$seconds"
  rv1=$(rv); k1=$(cpu_ticks "$kp"); c1=$(cpu_ticks "$cp_"); f1=$(cpu_ticks "$fp"); g1=$(cpu_ticks "$fcp")
  hz=$(getconf CLK_TCK)
  hour() { awk -v t="$1" -v hz="$hz" -v s="$seconds" 'BEGIN {printf "%.0f s", t / hz * 3600 / s}'; }
  echo
  echo "cpu: one cluster of $hb_nodes nodes posting heartbeats every 10 s; ${seconds} s measured, scaled to an hour;"
  echo "the sandbox made $(( (rv1 - rv0) / seconds )) writes/s (want $((hb_nodes / 10)))"
  echo "| watcher | CPU per hour |"
  echo "|---|---:|"
  echo "| knm watch | $(hour $((k1 - k0))) |"
  echo "| kubectl get nodes -w -o json | $(hour $((c1 - c0))) |"
  echo "| fabric8 informer, default store | $(hour $((f1 - f0))) |"
  echo "| fabric8 informer, compact store | $(hour $((g1 - g0))) |"
fi
echo
echo "load average at end: $(uptime | sed 's/.*load average: //')"
