#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/soak.sh [MINUTES] [ENTRIES]: the dashboard left running on a big
# table with churn (issue 12). The dashboard runs in tmux on a namespace
# filled with ENTRIES UDP flows (default 1,000,000; they do not expire
# during the run) while TCP connections come and go in TIME_WAIT beside
# them (SOAK_CHURN a second, default 100; they expire after 10 s, so the
# table stays the same size). Every SOAK_EVERY seconds (default 60) it
# prints the dashboard's RSS, its CPU per refresh and the longest gap
# between two refreshes; at the end it checks:
#   - RSS growth after the warm-up (SOAK_WARMUP seconds, default a sixth
#     of the run) below SOAK_MAX_GROWTH_KIB (default 1024);
#   - CPU per refresh steady: the second half's median within a factor
#     SOAK_CPU_RATIO (default 2) of the first half's after warm-up
#     (or both below SOAK_CPU_FLOOR ms, default 10);
#   - no stuck refresh: no gap between two refreshes longer than
#     SOAK_MAX_GAP seconds of the dashboard's own doing. The default is
#     worked out, not guessed: the 2 s interval, plus three attempts at a
#     dump (ctdash retries an interrupted one twice) each at most twice
#     the kernel's floor for this table (tests/tools/ctfloor's CPU time,
#     user + system, best of three, measured here after the fill: ctdash
#     reads at 1.01-1.04x it),
#     plus 1.5 s for how the gap is seen (the screen's clock shows whole
#     seconds, polled every 0.5 s). The machine's doing is taken off
#     before the comparison: the time the dashboard's threads spent
#     waiting for a CPU during the gap (/proc/PID/task/*/schedstat), and
#     how late this script's own polls came (it waits for a CPU too). In event mode a refresh is
#     cheap but a resync dump (every 60 s) holds one refresh back for its
#     length, so the same bound applies.
# MINUTES may be a fraction (0.25 for a quick look); SOAK_SECONDS
# overrides it. Root; it raises nf_conntrack_max (global) for the run with
# lib.sh and puts it back on exit. Exit 0 when every check holds.
#   make soak                         30 minutes, 1,000,000 entries
#   tests/soak_short.sh               60 s, 20,000 entries (make check)
# RSS can creep by a page now and then with no leak (the allocator
# touching pages it had not used yet): tests/soak-heap.sh follows the
# live heap instead, under heaptrack.
. "$TESTLIB"
. "$(dirname "$0")/lib/tuilib.sh"
need_root

MINUTES=${1:-30}
ENTRIES=${2:-1000000}
SECONDS_TOTAL=${SOAK_SECONDS:-$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 }')}
WARMUP=${SOAK_WARMUP:-$((SECONDS_TOTAL / 6))}
EVERY=${SOAK_EVERY:-60}
CHURN=${SOAK_CHURN:-100}
MAX_GROWTH=${SOAK_MAX_GROWTH_KIB:-1024}
CPU_RATIO=${SOAK_CPU_RATIO:-2}
# below this many ms a refresh, the clock ticks (10 ms) decide the ratio
CPU_FLOOR=${SOAK_CPU_FLOOR:-10}
MAX_GAP=${SOAK_MAX_GAP:-}
PROC=/proc/sys/net/netfilter
HZ=$(getconf CLK_TCK)

NS=$(ns_create ctds) || exit 1
ns_sysctl "$NS" nf_conntrack_udp_timeout 7200
ns_sysctl "$NS" nf_conntrack_tcp_timeout_time_wait 10
if [ "$ENTRIES" -gt 200000 ]; then
	raise_global_max $((ENTRIES + ENTRIES / 8 + 65536))
	# the limit is set: other tests may run beside the soak again (the
	# shared lock still keeps anyone from changing it under us)
	flock -s 9
fi
note "kernel $(uname -r), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
note "filling $NS with $ENTRIES entries"
out=$(ip netns exec "$NS" "$TOOLS/ctload" fill --count "$ENTRIES" --sources 127.0.1.1-127.0.1.16) ||
	die "ctload fill failed: $out"
have=$(ip netns exec "$NS" cat $PROC/nf_conntrack_count)
[ "$have" -ge "$ENTRIES" ] || die "the namespace holds $have entries, not $ENTRIES"
note "$have entries in $NS; the host holds $(cat $PROC/nf_conntrack_count) in its own namespace"
# the kernel's floor for one dump of this table, in CPU seconds (user +
# system: the kernel builds the messages in the reader's time), best of
# three; CPU time, not wall time, so other load does not stretch it
floor=$(for _ in 1 2 3; do "$TOOLS/ctfloor" count --netns "$NS" | tr ' ' '\n' |
	awk -F= '$1 == "user" || $1 == "sys" { s += $2 } END { print s }'; done | sort -g | head -n 1)
[ -n "$floor" ] || die "ctfloor could not dump $NS"
INTERVAL=2 ATTEMPTS=3
[ -n "$MAX_GAP" ] || MAX_GAP=$(awk -v i=$INTERVAL -v a=$ATTEMPTS -v f="$floor" \
	'BEGIN { printf "%.1f", i + a * 2 * f + 1.5 }')
# a refresh stuck for good ends the run at once (whatever the load)
HUNG=$(awk -v g="$MAX_GAP" 'BEGIN { h = 10 * g; printf "%d", h < 120 ? 120 : h }')
note "kernel dump floor ${floor}s of CPU: a gap may be $MAX_GAP s of ctdash's own ($INTERVAL + $ATTEMPTS x 2 x $floor + 1.5)"

# churn: TIME_WAIT connections from 8 sources in turn, CHURN a second
churn() {
	local i=0
	while :; do
		ip netns exec "$NS" "$TOOLS/ctload" tcp-timewait --count "$CHURN" \
			--src "127.0.3.$((i % 8 + 1))" >/dev/null 2>&1
		i=$((i + 1))
		sleep 1
	done
}
churn &
ns_track_pid $!

tui_start 120 30
# ASan's quarantine keeps freed memory, which would read as growth
tui_launch 'dump [0-9]{2}:[0-9]{2}:[0-9]{2}' 120 \
	"ASAN_OPTIONS=${ASAN_OPTIONS:-}:quarantine_size_mb=0 '$CTDASH' --netns '$NS' --read-only; echo EXIT=\$?"
PID=$TUI_PID

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
# seconds the dashboard's busiest-waiting thread has waited for a CPU, by thread
waits() { for f in /proc/$PID/task/*/schedstat; do echo "${f%/schedstat} $(cut -d' ' -f2 "$f")"; done 2>/dev/null; }
# the longest wait of one thread between two waits() outputs, in seconds
wait_between() {
	awk 'NR == FNR { w[$1] = $2; next } { d = ($2 - w[$1]) / 1e9; if (d > m) m = d }
		END { printf "%.1f", m + 0 }' <(printf '%s\n' "$1") <(printf '%s\n' "$2")
}
dump_clock() { tui_screen | sed -n 's/.*dump \([0-9:]*\).*/\1/p' | head -n 1; }
now() { date +%s.%N; }

log=$TEST_TMP/soak.log
: >"$log"
start=$(now)
last_clock=$(dump_clock)
last_change=$start
last_waits=$(waits)
last_poll=$start
late=0
refreshes=0
win_refreshes=0
win_gap=0
win_wait=0
win_own=0
win_ticks=$(cpu_ticks)
next_report=$EVERY
elapsed=0
printf '# %6s %10s %12s %10s %10s %9s %9s\n' "t (s)" "RSS (KiB)" "CPU/refresh" "refreshes" "max gap" \
	"its wait" "max own"
while :; do
	sleep 0.5
	[ -d "/proc/$PID" ] || die "the dashboard died: $(tui_screen | tail -n 5)"
	t=$(now)
	# how late this poll came: the observer's own delay, not ctdash's
	late=$(awk -v a="$t" -v b="$last_poll" -v l="$late" 'BEGIN { d = a - b - 0.5; print (d > l) ? d : l }')
	last_poll=$t
	elapsed=$(awk -v a="$t" -v b="$start" 'BEGIN { printf "%d", a - b }')
	clock=$(dump_clock)
	if [ -n "$clock" ] && [ "$clock" != "$last_clock" ]; then
		gap=$(awk -v a="$t" -v b="$last_change" 'BEGIN { printf "%.1f", a - b }')
		now_waits=$(waits)
		waited=$(wait_between "$last_waits" "$now_waits")
		own=$(awk -v g="$gap" -v w="$waited" -v l="$late" 'BEGIN { printf "%.1f", g - w - l }')
		if awk -v a="$gap" -v b="$win_gap" 'BEGIN { exit !(a > b) }'; then
			win_gap=$gap
			win_wait=$waited
		fi
		win_own=$(awk -v a="$own" -v b="$win_own" 'BEGIN { print (a > b) ? a : b }')
		last_clock=$clock
		last_change=$t
		last_waits=$now_waits
		late=0
		refreshes=$((refreshes + 1))
		win_refreshes=$((win_refreshes + 1))
	fi
	stuck=$(awk -v a="$t" -v b="$last_change" 'BEGIN { printf "%.0f", a - b }')
	[ "$stuck" -le "$HUNG" ] || die "no refresh for ${stuck}s (dump clock at $last_clock)"
	if [ "$elapsed" -ge "$next_report" ] || [ "$elapsed" -ge "$SECONDS_TOTAL" ]; then
		ticks=$(cpu_ticks)
		per=$(awk -v d=$((ticks - win_ticks)) -v r="$win_refreshes" -v hz="$HZ" \
			'BEGIN { printf "%.1f", r ? d * 1000 / hz / r : 0 }')
		rss=$(rss_kib)
		echo "$elapsed $rss $per $win_refreshes $win_gap $win_wait $win_own" >>"$log"
		printf '  %6d %10d %9s ms %10d %8s s %7s s %7s s\n' "$elapsed" "$rss" "$per" "$win_refreshes" \
			"$win_gap" "$win_wait" "$win_own"
		win_ticks=$ticks
		win_refreshes=0
		win_gap=0
		win_wait=0
		win_own=0
		next_report=$((next_report + EVERY))
	fi
	[ "$elapsed" -ge "$SECONDS_TOTAL" ] && break
done
tui_keys q
tui_exit_status 20 >/dev/null

# the verdict, from the log: "t rss cpu_per_refresh refreshes max_gap
# that_gap's_wait_for_a_cpu max_own_gap"
after=$(awk -v w="$WARMUP" '$1 >= w' "$log")
[ -n "$after" ] || die "no sample after the warm-up of ${WARMUP}s"
base_rss=$(awk -v w="$WARMUP" '$1 >= w { print $2; exit }' "$log")
max_rss=$(awk -v w="$WARMUP" '$1 >= w && $2 > m { m = $2 } END { print m }' "$log")
end_rss=$(tail -n 1 "$log" | cut -d' ' -f2)
growth=$((max_rss - base_rss))
median() { sort -g | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : 0 }'; }
n=$(wc -l <<<"$after")
half=$(( n >= 2 ? n / 2 : 1 ))
cpu_first=$(head -n "$half" <<<"$after" | cut -d' ' -f3 | median)
cpu_last=$(tail -n "$half" <<<"$after" | cut -d' ' -f3 | median)
worst=$(sort -g -k5 "$log" | tail -n 1)
worst_gap=$(cut -d' ' -f5 <<<"$worst")
worst_wait=$(cut -d' ' -f6 <<<"$worst")
# after the warm-up, as the other checks (the first dump builds the
# event index and the first screens are drawn then)
worst_own=$(awk -v w="$WARMUP" '$1 >= w { print $7 }' "$log" | sort -g | tail -n 1)
note "ran ${elapsed}s, $refreshes refreshes; entries now $(ip netns exec "$NS" cat $PROC/nf_conntrack_count)"
note "RSS after the warm-up (${WARMUP}s): $base_rss KiB, peak $max_rss KiB, at the end $end_rss KiB: growth $growth KiB (limit $MAX_GROWTH)"
note "CPU per refresh after the warm-up: first half $cpu_first ms, second half $cpu_last ms (median of each; limit ratio $CPU_RATIO)"
note "longest gap between two refreshes: ${worst_gap}s, of which ${worst_wait}s waiting for a CPU"
note "longest gap of the dashboard's own after the warm-up (less its wait for a CPU and the polls' lateness): ${worst_own}s (limit ${MAX_GAP}s)"
failed=0
awk -v g="$worst_own" -v m="$MAX_GAP" 'BEGIN { exit !(g <= m) }' ||
	{ echo "FAIL: a refresh took ${worst_own}s of the dashboard's own" >&2; failed=$((failed + 1)); }
[ "$growth" -lt "$MAX_GROWTH" ] || { echo "FAIL: RSS grew by $growth KiB after the warm-up" >&2; failed=$((failed + 1)); }
awk -v a="$cpu_first" -v b="$cpu_last" -v r="$CPU_RATIO" -v f="$CPU_FLOOR" \
	'BEGIN { exit !((a <= f && b <= f) || (b <= a * r && a <= b * r)) }' ||
	{ echo "FAIL: CPU per refresh went from $cpu_first to $cpu_last ms" >&2; failed=$((failed + 1)); }
[ "$refreshes" -gt 0 ] || { echo "FAIL: no refresh at all" >&2; failed=$((failed + 1)); }
echo "$((4 - failed)) passed, $failed failed"
[ "$failed" = 0 ]
