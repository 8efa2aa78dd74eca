# Shared helpers for bench scripts (sourced).
# median_ms CMD...: runs CMD $RUNS times (default 10), prints the median wall time in ms.
median_ms() {
  local runs=${RUNS:-10} times=() i start end
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "command failed: $*" >&2; return 1; }
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'
}

# median_of_runs CMD...: runs CMD $RUNS times (default 10); CMD prints a number of ms; prints the median.
median_of_runs() {
  local runs=${RUNS:-10} i
  for ((i = 0; i < runs; i++)); do "$@" || return 1; done | sort -n |
    awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'
}

# node_pages_ms KUBECONFIG: fetches every page of /api/v1/nodes (limit 500, gzip, as knm asks)
# with curl, one page after the other, and prints the sum of curl's time per request in ms: the
# time the server and the network need for the data alone (the sandbox's token user).
node_pages_ms() {
  local kc=$1 server token ca cont="" total=0 t body
  server=$(awk '/server:/ {print $2; exit}' "$kc")
  token=$(awk '/token:/ {print $2; exit}' "$kc")
  ca=$(mktemp)
  body=$(mktemp)
  awk '/certificate-authority-data:/ {print $2; exit}' "$kc" | base64 -d >"$ca"
  while :; do
    t=$(curl -sf --compressed --cacert "$ca" -H "Authorization: Bearer $token" -o "$body" \
      -w '%{time_total}' "$server/api/v1/nodes?limit=500${cont:+&continue=$cont}") ||
      { rm -f "$ca" "$body"; echo "curl failed" >&2; return 1; }
    total=$(echo "$total + $t * 1000" | bc -l)
    cont=$(head -c 2000 "$body" | grep -o '"continue":"[^"]*"' | head -1 | cut -d'"' -f4)
    [ -n "$cont" ] || break
  done
  rm -f "$ca" "$body"
  printf '%.0f\n' "$total"
}

# peak_rss_kb CMD...: peak resident set size of CMD (and its children) in KiB.
peak_rss_kb() {
  /usr/bin/time -f '%M' -o /tmp/knm-bench-rss.$$ "$@" >/dev/null 2>&1 || { echo "command failed: $*" >&2; return 1; }
  cat /tmp/knm-bench-rss.$$; rm -f /tmp/knm-bench-rss.$$
}

# bench_setup: a throw-away HOME and XDG dirs for knm (nothing of the user's is touched), knm built,
# $work and $knm set; a sandbox whose pid is in $sbpid is stopped at exit. Needs $root.
bench_setup() {
  work="$(mktemp -d)"
  sbpid=""
  trap bench_cleanup EXIT
  export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
  unset KNM_STORE KNM_KEY_FILE KNM_ENCRYPTION_KEY KNM_PASSPHRASE_FILE KNM_JAVA KNM_START_CACHE
  mkdir -p "$HOME"
  "$root/knm" --version >/dev/null # builds if needed
  knm="$root/dist/target/knm/bin/knm"
}

bench_cleanup() {
  # the sandbox dies of the TERM (status 143); that must not become the script's exit status
  if [ -n "${sbpid:-}" ]; then kill "$sbpid" 2>/dev/null && wait "$sbpid" 2>/dev/null || :; fi
  rm -rf "$work"
}

# once_ms CMD...: the wall time of one run of CMD in ms (its output discarded; fails if CMD does).
once_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "command failed: $*" >&2; return 1; }
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

# median: the median of the numbers on stdin, one a line.
median() {
  sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'
}

# jdk_home FEATURE: the home of an installed JDK of that feature version (17, 25), from the
# release files of the well-known folders; nothing when there is none.
jdk_home() {
  local h v
  for h in /usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -r "$h/release" ] && [ -x "$h/bin/java" ] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$h/release")
    [ "$v" = "$1" ] && { echo "$h"; return 0; }
  done
}
