#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Resizing: 80x24 shows every pane (sources, destinations and ports
# taking turns in one place); 40x12 shows the "too small" notice
# instead of a garbled screen; 200x60 uses the room; back at 80x24 the
# panes return. ctdash never dies on the way.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

NS=$(ns_create ctdt) || exit 1
known_traffic "$NS"
tui_start 120 40
tui_run_ctdash "'$CTDASH' --netns '$NS'"
tui_wait_for 'TIME_WAIT +6 ' 10

alive() { [ -n "$(tui_ctdash_pid)" ] || die "ctdash died at $1"; }

# whole_dashboard COLS ROWS: every part on screen, and nothing wider than
# the terminal or below its last row
whole_dashboard() {
	local cols=$1 rows=$2 screen part
	tui_wait_for "▸ Protocols" 5
	tui_wait_for "(^| )Drops " 5
	tui_wait_for "F1 help" 6 # after any message of the status line
	screen=$(tui_stable_screen)
	for part in '^ ctdash ' '^Table +\[' '(^| )Buckets +\[' '^Memory +\[' '(^| )Drops ' '^Count ' \
		' Protocols' ' TCP states' ' Top sources' ' Per-CPU counters' 'TIME_WAIT' \
		'127\.0\.0\.9' ' cpu0 ' 'F1 help'; do
		echo "$screen" | grep -Eq -- "$part" ||
			{ echo "$screen" >&2; die "${cols}x$rows: /$part/ is not on screen"; }
	done
	echo "$screen" | grep -q 'too small' && die "${cols}x$rows: the notice is still there"
	[ "$(echo "$screen" | wc -l)" -le "$rows" ] || die "${cols}x$rows: more lines than rows"
	[ "$(echo "$screen" | LC_ALL=C.UTF-8 wc -L)" -le "$cols" ] ||
		die "${cols}x$rows: a line is wider than the terminal"
	# the title is the first line, the key hints the last
	echo "$screen" | head -n 1 | grep -q '^ ctdash ' || die "${cols}x$rows: the title is not on top"
	[ "$(echo "$screen" | grep -n 'F1 help' | cut -d: -f1)" = "$rows" ] ||
		die "${cols}x$rows: the status line is not the last line"
}

tui_resize 80 24
whole_dashboard 80 24
alive 80x24
note "80x24: every pane"

tui_resize 40 12
tui_wait_for 'The terminal is 40x12: too small' 5
tui_wait_for 'needs at least 60x18' 5
screen=$(tui_stable_screen)
echo "$screen" | grep -Eq 'Protocols|TCP states|Table|█' && { echo "$screen" >&2; die "40x12: dashboard pieces drawn under the notice"; }
alive 40x12
# keys still work while too small, and nothing breaks
tui_keys Tab j Space
tui_wait_for 'too small' 5
tui_keys Space BTab
note "40x12: the notice, nothing else"

tui_resize 200 60
whole_dashboard 200 60
alive 200x60
screen=$(tui_stable_screen)
# the room is used: all nine TCP states and every CPU column fit, the
# meters sit side by side, the sparkline is taller
for s in SYN_SENT SYN_RECV ESTABLISHED FIN_WAIT CLOSE_WAIT LAST_ACK TIME_WAIT ' CLOSE ' SYN_SENT2; do
	echo "$screen" | grep -q -- "$s" || die "200x60: TCP state $s not shown"
done
echo "$screen" | grep -Eq '^Table .*Buckets ' || die "200x60: the meters are not side by side"
echo "$screen" | grep -q 'chaintoolong' || die "200x60: not every per-CPU column is shown"
# wide: sources, destinations and ports side by side, each in its own place
echo "$screen" | grep -Eq 'Top sources \(5 distinct\) +Top destinations \(2 distinct\) +Top destination ports' ||
	{ echo "$screen" >&2; die "200x60: the address panes are not side by side"; }
echo "$screen" | grep -Eq ' 127\.0\.0\.1 +32 ' || die "200x60: no destination row"
echo "$screen" | grep -Eq ' udp/2000[0-9] +1 ' || die "200x60: no destination port row"
note "200x60: the room is used, every pane has its own place"

tui_resize 80 24
whole_dashboard 80 24
tui_resize 60 18
tui_wait_for '▸ Protocols' 5
tui_wait_gone 'too small' 5
alive 60x18
tui_resize 59 18
tui_wait_for 'too small' 5
tui_resize 80 24
whole_dashboard 80 24
note "back to 80x24: every pane again"

tui_keys q
status=$(tui_exit_status)
[ "$status" = 0 ] || die "q exited $status"
tui_terminal_usable
note "resize: ok"
