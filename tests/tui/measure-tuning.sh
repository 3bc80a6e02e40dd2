#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/tui/measure-tuning.sh [WRITES] [ENTRIES]: how long a confirmed
# write takes to show, measured on the real dashboard in tmux: WRITES
# times (default 20) time_wait is set at the keys (10, 120, 10, …) in a
# namespace made for the run, holding ENTRIES UDP flows (default 0, at
# most 250000) so the sampler's dumps run meanwhile; y is pressed while
# the title says "dumping" when there is a table to dump. Prints the time
# from y to the status line's "read back" as seen through tmux (the screen
# polled without pause: a few ms of capture included), and ctdash's own
# figure from its help (key read to screen updated, and the write path's
# share: journal append with fsync, write, read-back). A measurement, not
# a test. Root; TESTLIB, CTDASH and TOOLS as for make check.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

WRITES=${1:-20}
ENTRIES=${2:-0}
[ "$ENTRIES" -le 250000 ] || die "at most 250000 entries on this machine"

NS=$(ns_create ctde) || exit 1
J=$(new_journal)
if [ "$ENTRIES" -gt 0 ]; then
	# nf_conntrack_max is global and this script leaves it alone
	[ $((ENTRIES + 10000)) -le "$(cat /proc/sys/net/netfilter/nf_conntrack_max)" ] ||
		die "nf_conntrack_max is below $ENTRIES + 10000: fewer entries, please"
	ns_sysctl "$NS" nf_conntrack_udp_timeout 3600
	ctload "$NS" fill --count "$ENTRIES" --sources 127.1.0.1-127.1.3.254
fi
tt_start "$NS" "$J"
[ "$ENTRIES" -gt 0 ] && tui_wait_for "Table .* $(sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$ENTRIES")/" 30
tt_timeout time_wait

times=()
for ((i = 0; i < WRITES; i++)); do
	if ((i % 2)); then from=10 to=120; else from=120 to=10; fi
	tt_type_value "$to"
	tt_dialog 'Change tcp_timeout_time_wait\?'
	if [ "$ENTRIES" -gt 0 ]; then
		for ((k = 0; k < 400; k++)); do
			tui_screen | head -n 1 | grep -q 'dumping' && break
			sleep 0.01
		done
	fi
	times+=("$(tt_yes_timed "$from -> $to, read back $to")")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(sed -n "$(((WRITES + 1) / 2))p" <<<"$sorted")
max=$(tail -n 1 <<<"$sorted")
tui_keys F1
tui_wait_for 'Help: Esc' 5
tui_keys NPage NPage
tui_wait_for 'Last write' 5
inside=$(tui_screen | sed -n 's/.*Last write *\(y to status line .*\)/\1/p')
tui_keys Escape
tt_quit
echo "entries in the namespace: $ENTRIES; writes: $WRITES"
echo "y to 'read back' on screen, through tmux: median $median ms, max $max ms"
echo "ctdash's own figure: $inside"
