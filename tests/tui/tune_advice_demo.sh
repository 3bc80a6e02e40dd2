#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Advice in the dashboard, and the demo's rate keys. A table that is all
# TIME_WAIT at the default 2m brings a warning: the title counts it, a
# lists it, Enter on it opens the edit of tcp_timeout_time_wait with the
# suggested 30s typed in, and after y the warning is gone. Enter on a
# state of the TCP states pane edits that state's timeout. Under --demo,
# > and < change the generator's rate (title and status line say it),
# the help lists them (and only then), and q leaves no namespace behind.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctde) || exit 1
J=$(new_journal)
ctload "$NS" tcp-timewait --count 1200 --src 127.0.0.8
tt_start "$NS" "$J"
tui_wait_for '^ ctdash .* advice [0-9]+ \(a\)' 10
tui_keys a
tui_wait_for '▸ Advice: [0-9]+ items?, most urgent first' 5
tui_wait_for '^ warning +100% of entries are TIME_WAIT, kept 120s each' 5
tui_wait_for 'Enter: change tcp_timeout_time_wait to 30s \(asks first\)' 5
tui_keys Enter
tui_wait_for '^tcp_timeout_time_wait, now 2m \(120 s\): 30s' 5
tui_keys Enter
tt_dialog 'Change tcp_timeout_time_wait\?'
tui_wait_for 'Entries in TIME_WAIT now: 1,200' 5
tt_yes_timed "$TW: 120 -> 30, read back 30" >/dev/null
[ "$(nsval "$NS" $TW)" = 30 ] || die "the advice's edit left $(nsval "$NS" $TW)"
tui_wait_gone 'entries are TIME_WAIT, kept' 10
note "advice: counted in the title, listed by a, Enter offered 30s, y wrote it, the warning went"

# On TIME_WAIT in the TCP states pane: Enter lists those entries (issue
# 8's drill-down), e edits that state's timeout
tui_keys Escape Escape
tui_wait_for '▸ Protocols' 5
tui_keys Tab
tui_wait_for '▸ TCP states' 5
tui_keys /
tui_type time_wait
tui_keys Enter
tui_keys Enter
tui_wait_for "Entries: showing [0-9,]+ of 1,200 matching 'proto tcp and state TIME_WAIT'" 5
tui_keys L   # (Esc would first clear the search's status message)
tui_wait_for '▸ TCP states' 5
tui_keys e
tui_wait_for '^tcp_timeout_time_wait, now 30s \(30 s\): ?$' 5
tui_keys Escape
tt_quit
note "on the TIME_WAIT row of the TCP states pane, Enter lists its entries and e edits tcp_timeout_time_wait"

# the demo
DJ="$TUI_WORK/demo-journal"
tui_keys C-l
tui_run_ctdash "'$CTDASH' --demo --journal '$DJ'"
pid=$(tui_ctdash_pid)
tui_wait_for '^ ctdash .* demo 200 flows/s' 10
tui_keys '>'
tui_wait_for '^demo: 500 new flows per second' 5
tui_wait_for '^ ctdash .* demo 500 flows/s' 5
tui_keys '<' '<'
tui_wait_for '^demo: 100 new flows per second' 5
tui_wait_for '^ ctdash .* demo 100 flows/s' 5
tui_keys F1
tui_wait_for 'Help: Esc' 5
screen=$(tui_help_all)
for re in '^ +Demo \(--demo\)' '^ +> +more new flows per second' '^ +< +fewer new flows per second'; do
	grep -Eq -- "$re" <<<"$screen" || { echo "$screen" >&2; die "the help does not show /$re/"; }
done
tui_keys Escape
tt_quit
for ((i = 0; i < 50; i++)); do
	[ -e "/run/netns/ctdash-demo-$pid" ] || break
	sleep 0.1
done
[ -e "/run/netns/ctdash-demo-$pid" ] && die "the demo's namespace is left after q"
note "--demo: > and < set the rate (200 -> 500 -> 100), the help lists them, q cleans up"
tt_took
