#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# How ctdash adapts to where it runs: no terminal (a message and status 2,
# no garbage), colours or none (--no-color, NO_COLOR), UTF-8 or ASCII bars
# by the locale, and read-only without privilege, still showing what /proc
# gives and saying why the rest is missing.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

NS=$(ns_create ctdt) || exit 1
known_traffic "$NS"

# --- no terminal --------------------------------------------------------------
"$CTDASH" --netns "$NS" </dev/null >"$TUI_WORK/out" 2>"$TUI_WORK/err"
status=$?
[ "$status" = 2 ] || die "without a terminal: exit status $status, expected 2"
[ -s "$TUI_WORK/out" ] && die "without a terminal something was drawn on stdout: $(head -c 300 "$TUI_WORK/out")"
grep -q -- '--once' "$TUI_WORK/err" && grep -q -- '--json' "$TUI_WORK/err" ||
	die "without a terminal the message does not suggest --once and --json: $(head -c 500 "$TUI_WORK/err")"
grep -q 'not' "$TUI_WORK/err" || die "the message does not say what is wrong"
note "no terminal: exit 2, '$(head -n 1 "$TUI_WORK/err")'"

# --- colours -------------------------------------------------------------------
COLOUR=$'\e\\[[34][0-7]m'   # a foreground or background colour, not the default
run_and_quit() {
	tui_keys C-l
	tui_run_ctdash "$1"
	tui_wait_for 'TIME_WAIT +6 ' 10
}
quit_ok() {
	tui_keys q
	local status
	status=$(tui_exit_status)
	[ "$status" = 0 ] || die "$1: exit status $status"
}
tui_start 100 30
run_and_quit "'$CTDASH' --netns '$NS'"
tui_screen_sgr | grep -Eq "$COLOUR" || die "no colours on a terminal that has them"
tui_stable_screen | grep -q '█' || die "no UTF-8 bars in a UTF-8 locale"
quit_ok colours

run_and_quit "'$CTDASH' --no-color --netns '$NS'"
tui_screen_sgr | grep -Eq "$COLOUR" && die "--no-color: colours drawn"
# the title and the focused pane still stand out, in reverse video
tui_screen_sgr | grep -q $'\e\\[7m' || die "--no-color: nothing in reverse video"
quit_ok --no-color

run_and_quit "NO_COLOR=1 '$CTDASH' --netns '$NS'"
tui_screen_sgr | grep -Eq "$COLOUR" && die "NO_COLOR: colours drawn"
quit_ok NO_COLOR
note "colours by default, none with --no-color or NO_COLOR"

# --- ASCII where the locale is not UTF-8 ---------------------------------------
run_and_quit "LANG=C LC_ALL=C '$CTDASH' --netns '$NS'"
screen=$(tui_stable_screen)
echo "$screen" | LC_ALL=C grep -q $'[\x80-\xff]' && { echo "$screen" >&2; die "LANG=C: non-ASCII bytes on screen"; }
# What the bars hold depends on the host's global nf_conntrack_max (a
# small table fills no cell of a 4 M max): look at what every bar shows
# whatever the figures, its frame and the buckets' 2/3 mark in ASCII.
echo "$screen" | grep -Eq '^Memory +\[[ |]+\] ' || { echo "$screen" >&2; die "LANG=C: no ASCII memory bar"; }
echo "$screen" | grep -Eq '^Buckets +\[[ |]*:[ |]*\] ' || { echo "$screen" >&2; die "LANG=C: no ASCII 2/3 mark on the buckets bar"; }
echo "$screen" | grep -q '^> Protocols' || die "LANG=C: no ASCII focus marker"
echo "$screen" | grep -q 'load 0\.' || die "LANG=C: the load factor is not spelled out"
quit_ok LANG=C
note "LANG=C: ASCII bars"

# --- without privilege -----------------------------------------------------------
copy=$(private_copy)
run_and_quit_ro() {
	tui_keys C-l
	tui_run_ctdash "ip netns exec '$NS' setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all '$copy'"
}
run_and_quit_ro
tui_wait_for 'read-only' 10
tui_wait_for 'needs CAP_NET_ADMIN' 10
screen=$(tui_stable_screen)
shown=$(screen_count)
want=$(ns_count "$NS")
[ "$shown" = "$want" ] || { echo "$screen" >&2; die "read-only: the screen shows $shown entries, conntrack -C says $want"; }
# the kernel's counters come from /proc/net/stat/nf_conntrack, which every
# user may read: shown, with the namespace's own drop figure, and no
# sentence saying they need CAP_NET_ADMIN
echo "$screen" | grep -q 'counters need CAP_NET_ADMIN' && { echo "$screen" >&2; die "read-only: the counters are said to need CAP_NET_ADMIN, /proc gives them"; }
echo "$screen" | grep -Eq '^Drops +drop .* early_drop .* insert_failed ' || { echo "$screen" >&2; die "read-only: no Drops meter"; }
drops=$(ns_drops "$NS") || die "read-only: cannot read the namespace's drop counter"
echo "$screen" | grep -Eq " all +$drops +[0-9]+ +[0-9]+ +[0-9]+" || { echo "$screen" >&2; die "read-only: the per-CPU counters do not show the namespace's $drops drops"; }
echo "$screen" | grep -q 'TIME_WAIT' && die "read-only: TCP states shown without a dump"
quit_ok read-only
tui_terminal_usable
note "without privilege: read-only, count $shown and $drops drops from /proc, the rest explained"
note "modes: ok"
