#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Keys as a new user from htop tries them, at 100x30:
# - h opens the help as F1 does; F5 reads the table now; F6 in the panes
#   says how they are ordered;
# - F4 (and \) on a row of a pane: the row's entries with the filter open
#   to edit;
# - k is htop's kill: on a pane's row the delete question for that row's
#   entries (every one of them); in the timeouts view it moves up;
# - the mouse: a press on a pane focuses it and selects the row under it,
#   the wheel moves the selection three rows (raw X10 mouse bytes, as a
#   terminal sends them: tmux passes them on to the pane).
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

tui_known 100 30
J=$TUI_WORK/journal
tui_run_ctdash "'$CTDASH' --netns '$NS' --journal '$J'"
tui_wait_for 'TIME_WAIT +6 ' 10
focused() { tui_wait_for "▸ $1" 5; }

# h: the help, h again closes it
tui_keys h;  tui_wait_for 'Help: Esc, q, F1' 5
tui_keys h;  tui_wait_gone 'Help: Esc' 5
# F5 and F6 say what they do
tui_keys F5; tui_wait_for 'reading the table now' 5
tui_keys F6; tui_wait_for 'the panes are ordered busiest first' 5
tui_keys Escape; tui_wait_gone 'ordered busiest first' 5
note "h opens the help; F5 refreshes; F6 says how the panes are ordered"

# F4 on top sources' first row (127.0.0.9, 20 entries): its entries, the filter to edit
tui_keys Tab Tab; focused 'Top sources'
tui_keys F4
tui_wait_for "^Filter \(e.g. dport 443 and not assured\): src 127.0.0.9" 5
tui_wait_for "Entries: showing 20 of 20 matching 'src 127.0.0.9'" 10
tui_type ' and dport 20000-20004'; tui_keys Enter
tui_wait_for "Entries: showing 5 of 5 matching 'src 127.0.0.9 and dport 20000-20004'" 10
tui_keys Escape; focused 'Top sources'
tui_keys '\'
tui_wait_for "^Filter \(e.g. dport 443 and not assured\): src 127.0.0.9" 5
tui_keys Escape Escape; focused 'Top sources'
note "F4 and \\ on a pane's row open its entries with the filter to edit"

# k on the same row: the question for every one of its 20 entries; n keeps them
tui_keys k
tui_wait_for 'Delete 20 entries' 10
tui_keys n
tui_wait_gone 'Delete 20 entries' 5
[ "$(ip netns exec "$NS" conntrack -L -s 127.0.0.9 2>/dev/null | wc -l)" = 20 ] ||
	die "answering n to k deleted entries"
tui_wait_for 'cancelled: nothing deleted' 5
tui_keys Escape; tui_wait_gone 'cancelled: nothing deleted' 5   # the message first
tui_keys Escape; focused 'Top sources'
# in the timeouts view k moves up
tui_keys t; tui_wait_for '▸ Timeouts' 5
tui_keys Down Down
row() { tui_screen | grep -Eo 'Timeouts: .* [0-9]+/[0-9]+' | grep -Eo '[0-9]+/[0-9]+$' | cut -d/ -f1; }
tui_wait_for 'Timeouts: .* 3/[0-9]+' 5
tui_keys k; tui_wait_for 'Timeouts: .* 2/[0-9]+' 5
tui_keys Escape; focused 'Top sources'
note "k: the delete question for a pane row's entries; up in the timeouts"

# the mouse (X10: ESC [ M, then 32+button, 33+column, 33+line, 0-based)
mouse() { # BUTTON COL LINE
	tui_type "$(printf '\033[M%b%b%b' "\\$(printf '%03o' $((32 + $1)))" \
		"\\$(printf '%03o' $((33 + $2)))" "\\$(printf '%03o' $((33 + $3)))")"
}
line_of() { tui_screen | grep -n -- "$1" | head -n 1 | cut -d: -f1; }
col_of() { tui_screen | grep -- "$1" | head -n 1 | awk -v s="$1" '{ print index($0, s) }'; }
# a press on the TCP states title: that pane has the focus
y=$(($(line_of 'TCP states') - 1)) x=$(($(col_of 'TCP states') + 1))
mouse 0 "$x" "$y"; mouse 3 "$x" "$y"
focused 'TCP states'
# a press on the ESTABLISHED row selects it
y=$(($(line_of ' ESTABLISHED ') - 1))
mouse 0 "$x" "$y"; mouse 3 "$x" "$y"
tui_wait_for 'TCP states +2/9' 5
# the wheel: down three rows, up three rows
mouse 65 "$x" "$y"; tui_wait_for 'TCP states +5/9' 5
mouse 64 "$x" "$y"; tui_wait_for 'TCP states +2/9' 5
note "mouse: a press focuses and selects, the wheel scrolls"

tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit 0"
echo "1 passed, 0 failed"
