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

# peak_rss_kb CMD...: peak resident set size of CMD (and its children) in KiB.
peak_rss_kb() {
  /usr/bin/time -f '%M' -o /tmp/knm-bench-rss.$$ "$@" >/dev/null 2>&1 || { echo "command failed: $*" >&2; return 1; }
  cat /tmp/knm-bench-rss.$$; rm -f /tmp/knm-bench-rss.$$
}
