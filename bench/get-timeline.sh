#!/usr/bin/env bash
# The GETs of one knm command on a time line, from its -vv log: for each page its start and end
# (ms since launch; end = when the GET was logged, start = end minus its logged duration) and the
# gap between the end of a page and the start of the next page of the same list (nodes, pods).
# The gap is the time the client spent before asking for the next page.
# Usage: bench/get-timeline.sh [--summary] ARGS...   e.g. bench/get-timeline.sh list nodes -c sb
# env: KNM=path of the knm to run (default: the distribution of this checkout)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
knm="${KNM:-$root/dist/target/knm/bin/knm}"
summary=0
if [ "${1:-}" = --summary ]; then summary=1; shift; fi
exec perl -MTime::HiRes=time -e '
  my ($summary, @cmd) = @ARGV;
  my $t0 = time;
  open(my $err, "-|", @cmd) or die "cannot run $cmd[0]: $!";
  my (%n, %last, %gaps, $took, $end);
  while (<$err>) {
    my $t = (time - $t0) * 1000;
    if (/GET \S+ in (\d+) ms/) { ($took, $end) = ($1, $t); next; }
    next unless /GET (\S+): \d+, (\d+) bytes/;
    my ($q, $bytes) = ($1, $2);
    my $kind = $q =~ m{/nodes} ? "nodes" : "pods";
    $n{$kind}++;
    my $start = $end - $took;
    my $gap = defined $last{$kind} ? $start - $last{$kind} : undef;
    $gaps{$kind} += $gap if defined $gap;
    printf "%-5s page %2d  start %6.0f  end %6.0f  GET %4d ms  gap %s ms  %.2f MB\n", $kind, $n{$kind},
      $start, $end, $took, defined $gap ? sprintf("%4.0f", $gap) : "   -", $bytes / 1e6
      unless $summary;
    $last{$kind} = $end;
  }
  close $err;
  my $lastEnd = 0;
  for (values %last) { $lastEnd = $_ if $_ > $lastEnd }
  printf "gaps: nodes %.0f ms, pods %.0f ms; last GET ends %.0f ms; exit %.0f ms\n",
    $gaps{nodes} // 0, $gaps{pods} // 0, $lastEnd, (time - $t0) * 1000;
' "$summary" sh -c '"$0" -vv "$@" 2>&1 >/dev/null' "$knm" "$@"
