#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --view opens the dashboard on a view instead of the panes: the list
# with the command line's filter (exactly the rows conntrack -L gives for
# it), the churn view, the namespaces; Esc goes back to the panes. A bad
# filter is refused before the screen opens, with its column, exit 2.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

NS=$(ns_create ctdv) || exit 1
known_traffic "$NS"
want=$(ip netns exec "$NS" conntrack -L -p udp -s 127.0.0.9 2>/dev/null | grep -c '^udp ')
[ "$want" = 20 ] || die "known_traffic made $want UDP flows from 127.0.0.9, not 20"

tui_start 140 40
tui_run_ctdash "'$CTDASH' --netns '$NS' --view list proto udp and src 127.0.0.9"
tui_wait_for "showing 20 of 20 matching 'proto udp and src 127\\.0\\.0\\.9'" 10
screen=$(tui_stable_screen)
rows=$(grep -Ec '^(tcp|udp|icmp)[a-z0-9]* ' <<<"$screen")
mine=$(grep -Ec '^udp +- +[0-9]+ +127\.0\.0\.9:[0-9]+ ' <<<"$screen")
[ "$rows" = 20 ] && [ "$mine" = 20 ] ||
	{ echo "$screen" >&2; die "$rows rows shown, $mine of them UDP from 127.0.0.9; expected 20 and 20"; }
tui_keys Escape
tui_wait_for 'Top sources' 5
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit cleanly"
note "--view list FILTER: the 20 rows conntrack -L gives for it; Esc: the panes"

tui_run_ctdash "'$CTDASH' --netns '$NS' --view churn"
tui_wait_for 'Who makes new entries: per second' 10
tui_keys Escape
tui_wait_for 'Top sources' 5
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit cleanly"
tui_run_ctdash "'$CTDASH' --netns '$NS' --view namespaces"
tui_wait_for 'Network namespaces: [0-9]+, dropping now first, then fullest' 10
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit cleanly"
note "--view churn, --view namespaces: open on that view"

out=$(ip netns exec "$NS" "$CTDASH" --view list 'src 127.0.0.9 and' 2>&1 </dev/null)
status=$?
[ "$status" = 2 ] || die "a bad filter exited $status"
grep -q '^ctdash: bad filter at column 18: expected a term' <<<"$out" || die "no column for the bad filter: $out"
note "--view list with a bad filter: exit 2, the column said"
echo "1 passed, 0 failed"
