#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/soak-heap.sh [SECONDS] [ENTRIES] [SOURCE]: where the dashboard's
# memory goes over a long run, by heap rather than by RSS. The soak
# (tests/soak.sh) sees RSS creep by a page now and then; this tells a leak
# from the allocator touching new pages. The dashboard runs under heaptrack
# in tmux, refreshing every 0.5 s (-d 5: four times the refreshes of the
# default in the same time) with --source SOURCE (events or dump, default
# events) on ENTRIES entries (default 20,000) with TIME_WAIT churn beside
# them, for SECONDS (default 600). Then:
#   - the live heap (bytes allocated and not freed) over time, its peak in
#     the first and in the last third of the run: a leak makes the last
#     higher, however the allocator maps pages;
#   - what was not freed at exit by call sites called more than
#     SOAK_HEAP_CALLS times (default a quarter of the refreshes, at least
#     100): one-time set-up (locale,
#     terminfo, ncurses) is called a few times, a leak per refresh
#     thousands of times (the libraries' constructors, run by the loader
#     before main, are left aside).
# Exit 0 when the last third's peak is within SOAK_HEAP_SLACK_KIB (default
# 256) of the first's and no such call site leaked. Root; needs heaptrack.
. "$TESTLIB"
. "$(dirname "$0")/lib/tuilib.sh"
need_root
command -v heaptrack >/dev/null && command -v heaptrack_print >/dev/null ||
	{ echo "heaptrack is missing (apt-get install heaptrack)" >&2; exit $HARD; }

SECS=${1:-600}
ENTRIES=${2:-20000}
SOURCE=${3:-events}
CALLS=${SOAK_HEAP_CALLS:-$((SECS / 2 > 100 ? SECS / 2 : 100))}
SLACK=${SOAK_HEAP_SLACK_KIB:-256}

NS=$(ns_create ctdh) || exit 1
ns_sysctl "$NS" nf_conntrack_udp_timeout 7200
ns_sysctl "$NS" nf_conntrack_tcp_timeout_time_wait 10
ip netns exec "$NS" "$TOOLS/ctload" fill --count "$ENTRIES" --sources 127.0.1.1-127.0.1.16 >/dev/null ||
	die "ctload fill failed"
churn() {
	local i=0
	while :; do
		ip netns exec "$NS" "$TOOLS/ctload" tcp-timewait --count 100 --src "127.0.3.$((i % 8 + 1))" \
			>/dev/null 2>&1
		i=$((i + 1))
		sleep 1
	done
}
churn &
ns_track_pid $!

# heaptrack writes its file where the dashboard's user can
out=$TUI_WORK/heap
mkdir -m 0777 "$out"
tui_start 120 30
tui_type "heaptrack -o '$out/ctdash' '$CTDASH' --netns '$NS' --read-only --source $SOURCE -d 5; echo EXIT=\$?"
tui_keys Enter
tui_wait_for 'dump [0-9]{2}:[0-9]{2}:[0-9]{2}' 120
note "$ENTRIES entries, churn 100 connections/s, --source $SOURCE, a refresh every 0.5 s, for ${SECS}s"
sleep "$SECS"
tui_keys q
tui_wait_for '^EXIT=' 60
for ((i = 0; i < 100; i++)); do
	data=$(ls "$out"/ctdash.* 2>/dev/null | head -n 1)
	[ -n "$data" ] && break
	sleep 0.1
done
[ -n "$data" ] || die "heaptrack wrote no data in $out"

# the live heap over time, from heaptrack's massif export
heaptrack_print -f "$data" --print-massif "$out/massif" >"$out/print" 2>&1 ||
	die "heaptrack_print failed: $(tail -c 500 "$out/print")"
read -r first last end <<<"$(awk -F= '
	/^time=/ { t = $2 } /^mem_heap_B=/ { v[++n] = $2; at[n] = t }
	END {
		span = at[n]; a = b = 0
		for (i = 1; i <= n; i++) {
			if (at[i] <= span / 3 && v[i] > a) a = v[i]
			if (at[i] >= 2 * span / 3 && i < n && v[i] > b) b = v[i]
		}
		print a, b, span
	}' "$out/massif")"
note "live heap: peak $((first / 1024)) KiB in the first third, $((last / 1024)) KiB in the last (run ${end%.*} s)"
grep -E '^(calls to allocation|peak heap|total memory leaked)' "$out/print" | sed 's/^/# /'
# call sites not freed at exit, called more than CALLS times
# (libraries' own set-up, run before main by the loader, is left aside:
# libtasn1 makes a thousand allocations for gnutls once)
heaptrack_print -f "$data" -l 1 -p 0 -a 0 -T 0 2>/dev/null |
	awk -v c="$CALLS" 'BEGIN { RS = "" } $3 == "over" && $4 > c && !/_dl_init/ { print $0 "\n" }' >"$out/leaks"
failed=0
if [ -s "$out/leaks" ]; then
	echo "FAIL: call sites leaked more than $CALLS times:" >&2
	head -n 20 "$out/leaks" >&2
	failed=$((failed + 1))
else
	note "nothing left unfreed by a call site called more than $CALLS times"
fi
[ $((last - first)) -le $((SLACK * 1024)) ] ||
	{ echo "FAIL: the live heap grew by $(((last - first) / 1024)) KiB" >&2; failed=$((failed + 1)); }
echo "$((2 - failed)) passed, $failed failed"
[ "$failed" = 0 ]
