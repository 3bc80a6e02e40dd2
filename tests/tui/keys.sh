#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every key the help lists does what it says, at 80x24: help (F1, ?, and
# Esc or q to close), Tab and Shift-Tab (through all six panes, the three
# address panes taking turns in one place), the list keys, search with /
# (Enter, Esc, Backspace, ^U) and n/F3, Space to pause, ^L, q and F10.
# Keys that mean nothing do nothing, and crash nothing.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

NS=$(ns_create ctdt) || exit 1
known_traffic "$NS"
tui_start 80 24
tui_run_ctdash "'$CTDASH' --netns '$NS'"
tui_wait_for 'TIME_WAIT +6 ' 10

# focus: the focused pane's title is marked
focused() { tui_wait_for "▸ $1" 5; }
focused Protocols
tui_keys Tab;   focused 'TCP states'
tui_keys Tab;   focused 'Top sources'
# at 80x24 destinations and ports take the sources' place in turn
tui_keys Tab;   focused 'Top destinations'
tui_wait_gone 'Top sources' 5
tui_keys Tab;   focused 'Top destination ports'
tui_wait_gone 'Top destinations' 5
tui_keys Tab;   focused 'Per-CPU'
tui_wait_for '^  Top destination ports' 5   # the last focused keeps the place
tui_keys Tab;   focused Protocols
tui_keys BTab;  focused 'Per-CPU'
tui_keys BTab;  focused 'Top destination ports'
tui_keys BTab;  focused 'Top destinations'
tui_keys BTab;  focused 'Top sources'
tui_wait_gone 'Top destination' 5
tui_keys BTab;  focused 'TCP states'
[ "$(tui_stable_screen | grep -c '▸')" = 1 ] || die "more than one pane marked focused"
note "Tab and Shift-Tab move the focus"

# list keys in the TCP states pane (9 states, 6 rows shown at 80x24)
at() { tui_wait_for "TCP states +$1/9" 5; }
at 1
tui_keys j;     at 2
tui_keys Down;  at 3
tui_keys Up;    at 2
tui_keys Up;    at 1
tui_keys Up;    at 1
tui_keys NPage; at 6
tui_keys PPage; at 1
tui_keys C-f;   at 6
tui_keys C-b;   at 1
tui_keys End;   at 9
tui_wait_for ' SYN_SENT2 ' 5   # scrolled to the last row
tui_keys Home;  at 1
tui_keys G;     at 9
tui_keys g;     at 1
tui_keys Down;  at 2
tui_wait_gone ' SYN_SENT2 ' 5  # back at the top
note "arrows, j, PgUp/PgDn, ^B/^F, Home/End, g/G move the selection (k: habits.sh)"

# search: TIME_WAIT, ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT, CLOSE_WAIT,
# LAST_ACK, CLOSE, SYN_SENT2
tui_keys /;     tui_wait_for '^/$' 5
tui_type close; at 6
tui_keys Enter; tui_wait_for "'close' found in TCP states: row 6 of 9" 5
tui_keys n;     at 8
tui_keys F3;    at 6
tui_keys /;     tui_type syn; at 9                 # forward from the row: SYN_SENT2
tui_keys Escape; at 6                       # Esc goes back
tui_wait_gone '^/syn' 5
tui_keys /;     tui_type xyz; tui_wait_for '^/xyz .*no match' 5
at 6
tui_keys BSpace BSpace BSpace; tui_type last; at 7
tui_keys C-u;   at 6                        # cleared: back where it started
tui_type fin;   at 5
tui_keys Enter; at 5
tui_keys /;     tui_type nothing-like-it; tui_keys Enter
tui_wait_for "no row of TCP states contains 'nothing-like-it'" 5
at 5
tui_keys Tab;   focused 'Top sources'
tui_keys /;     tui_type 127.0.0.7; tui_keys Enter
tui_wait_for "'127.0.0.7' found in top sources: row 3 of 5" 5
tui_wait_for 'Top sources \(5 distinct\) +3/5' 5
note "/ searches, Enter keeps, Esc goes back, Backspace and ^U edit, n and F3 find the next"

# help: F1 and ? open it, F1, Esc and q close it; it lists every key
help_open() { tui_wait_for 'Help: Esc, q, F1' 5; }
help_closed() { tui_wait_gone 'Help: Esc' 5; tui_wait_for '^Table ' 5; }
tui_keys F1;     help_open
screen=$(tui_help_all)
for k in 'F1 \? h' 'Tab' 'Shift-Tab' 'Up' 'Down j' 'PgUp \^B' 'PgDn \^F' 'Home g' 'End G' \
	'/ ' 'n F3' 'Space' '\^L' 'q F10'; do
	echo "$screen" | grep -Eq "^ +$k " || { echo "$screen" >&2; die "the help does not list '$k'"; }
done
tui_keys F1;     help_closed
tui_keys '?';    help_open
tui_keys Escape; help_closed
tui_keys '?';    help_open
tui_keys End;    tui_wait_for 'Key to screen +last [0-9.]+ ms' 5
tui_keys q;      help_closed
[ -n "$(tui_ctdash_pid)" ] || die "q in the help quit ctdash instead of closing the help"
note "F1, ?, Esc and q open and close the help"

# Space pauses: the title says so and the count stands still
before=$(screen_count)
tui_keys Space; tui_wait_for '^ ctdash +PAUSED' 5
ctload "$NS" udp --src 127.0.0.11 --dst 127.0.0.1 --ports 23000-23004
sleep 2.5 # more than the refresh interval: a refresh would show 5 more
[ "$(screen_count)" = "$before" ] || die "the count changed while paused"
tui_keys Space; tui_wait_gone 'PAUSED' 5
tui_wait_for "^Table .* $((before + 5))/" 5
note "Space pauses and resumes"

# ^L redraws everything
tui_keys C-l; tui_wait_for '^Table ' 5; tui_wait_for '▸ Top sources' 5

# keys that mean nothing
tui_keys x Z 5 F12 Left Right IC DC C-a M-x '#' Escape
sleep 0.3
[ -n "$(tui_ctdash_pid)" ] || die "ctdash died on a key that means nothing"
tui_wait_for '^Table ' 5

# q and F10 quit with status 0
tui_keys q
status=$(tui_exit_status)
[ "$status" = 0 ] || die "q: exit status $status"
tui_terminal_usable
tui_keys C-l
tui_run_ctdash "'$CTDASH' --netns '$NS'"
tui_keys F10
status=$(tui_exit_status)
[ "$status" = 0 ] || die "F10: exit status $status"
tui_terminal_usable
note "keys: ok"
