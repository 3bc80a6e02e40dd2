#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A delete under way can be stopped, and what it left is said and kept:
# - F9 while it runs asks "Stop the delete?"; y stops it after the entry
#   under way;
# - quitting stops it, and ctdash ends at once;
# (--delete on Ctrl-C and SIGHUP: tests/integration/delete_tty.sh.)
# Each time the journal records how many were left untried, and that is
# what conntrack -C of the namespace still counts.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctds) || exit 1
J=$(new_journal)
ns_sysctl "$NS" nf_conntrack_udp_timeout 600
# Deleting takes about 10 us an entry here: 200,000 give seconds to stop
# it in. Fewer when the host's global nf_conntrack_max is small.
max=$(cat /proc/sys/net/netfilter/nf_conntrack_max)
N=200000
[ $((max / 2)) -lt $N ] && N=$((max / 2))
# N as the screen writes it: 200,000
NSHOWN=$(echo "$N" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
# refill: the namespace's table holds exactly N entries again
refill() {
	ip netns exec "$NS" conntrack -F 2>/dev/null
	ctload "$NS" fill --count "$N" --sources 127.0.1.1-127.0.1.100
	[ "$(ns_count "$NS")" = "$N" ] || die "the table holds $(ns_count "$NS"), not $N"
}
# left_by_last_delete [JOURNAL]: the untried count of the newest result
left_by_last_delete() {
	grep ' note .* deleted ' "${1:-$J}" | tail -n 1 | sed -n 's/.* stopped untried \([0-9]*\) .*/\1/p'
}
# stopped_left WHAT [JOURNAL]: the journal says the delete left some, and
# conntrack -C counts exactly those; prints how many
stopped_left() {
	local left
	left=$(left_by_last_delete "${2:-$J}")
	[ -n "$left" ] && [ "$left" -gt 0 ] || die "$1: the journal does not say what was left: $(tail -n 2 "${2:-$J}")"
	[ "$(ns_count "$NS")" = "$left" ] || die "$1: the journal says $left left, conntrack counts $(ns_count "$NS")"
	echo "$left"
}
# start_delete_all: from the list view, every entry, confirmed twice
start_delete_all() {
	tui_keys F9
	tt_dialog 'Delete this entry\?'
	tui_keys a
	tt_dialog "Delete [0-9,]+ entries\\?"
	tui_keys y
	tt_dialog 'Really delete'
	tt_type yes
	tui_keys Enter
	tui_wait_for "deleting… [0-9,]+/[0-9,]+ +F9: stop" 20
}

refill
tui_start 120 40
tui_run_ctdash "'$CTDASH' --netns '$NS' --journal '$J'"
tui_keys L
tui_wait_for "showing [0-9,]+ of $NSHOWN matching" 20
start_delete_all
tui_keys F9
tt_dialog 'Stop the delete\?'
screen=$(tui_screen)
grep -Eq "[0-9,]+ of [0-9,]+ entries are done" <<<"$screen" || { echo "$screen" >&2; die "the question does not say how far it is"; }
tui_keys y
tui_wait_for "stopped with [0-9,]+ left: deleted [0-9,]+, already gone 0, failed 0" 20
left=$(stopped_left "F9, y") || exit 1
note "F9, y: stopped with $left of $N left, as the journal and conntrack -C say"

# n to the question: the delete goes on to the end
refill
tui_wait_for "showing [0-9,]+ of $NSHOWN matching" 20
start_delete_all
tui_keys F9
tt_dialog 'Stop the delete\?'
tui_keys n
tui_wait_for "deleted [0-9,]+, already gone [0-9,]+, failed 0" 60
[ -z "$(left_by_last_delete)" ] || die "n stopped the delete: $(tail -n 1 "$J")"
[ "$(ns_count "$NS")" = 0 ] || die "n: $(ns_count "$NS") entries left"
note "F9, n: the delete went on to the end"

# q while it runs: ctdash ends at once, the journal says what was left
refill
tui_wait_for "showing [0-9,]+ of $NSHOWN matching" 20
start_delete_all
t0=$(date +%s%N)
tui_keys q
status=$(tui_exit_status)
[ "$status" = 0 ] || die "ctdash exited $status"
took=$(ms_since "$t0")
left=$(stopped_left "quitting") || exit 1
note "q: ended in $took ms, $left of $N left, as the journal and conntrack -C say"

echo "1 passed, 0 failed"
