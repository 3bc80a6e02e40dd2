#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Stopped from outside (SIGSTOP, which no program can catch) and brought
# back with fg: while ctdash was stopped the shell put the terminal back
# in its own mode (echo, line by line). On SIGCONT ctdash takes its own
# mode again and draws the whole screen, so keys act at once and are not
# echoed (issue 12, item 4).
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

tui_known 100 30
# one command, not a list: a stopped job would let the shell run the rest
tui_launch 'TIME_WAIT +6 ' 10 "'$CTDASH' --netns '$NS'"
pid=$TUI_PID
tty=$(tmx display -p -t "$TUI_TARGET" '#{pane_tty}')

# tty_mode: "raw" while ctdash's mode holds (no echo, no line editing)
tty_mode() {
	local s
	s=$(stty -F "$tty" -a 2>/dev/null) || { echo gone; return; }
	case "$s" in
	*" -icanon "*" -echo "*|*" -echo "*" -icanon "*) echo raw ;;
	*) echo cooked ;;
	esac
}
[ "$(tty_mode)" = raw ] || die "ctdash's terminal mode is not in force before the stop: $(tty_mode)"

kill -STOP "$pid"
tui_wait_for 'Stopped' 5
# the shell has the terminal now, in its own mode; fg gives it back
tui_type fg
tui_keys Enter
# SIGCONT: ctdash's mode again, within a bounded time
for ((i = 0; i < 100; i++)); do
	[ "$(tty_mode)" = raw ] && break
	sleep 0.05
done
[ "$(tty_mode)" = raw ] || die "after fg the terminal stays in the shell's mode (keys echo, wait for Enter)"
# and the whole dashboard is drawn again, the shell's lines gone
tui_wait_for 'TIME_WAIT +6 ' 5
tui_wait_gone 'Stopped' 5
note "SIGSTOP, fg: terminal mode restored, screen redrawn"

# a key acts at once, without Enter, and is not echoed
tui_keys t
tui_wait_for 'Timeouts' 5
tui_keys q
tui_gone "$pid" 5 || die "ctdash still runs 5 s after q"
note "keys act at once after fg"
note "stop_resume: ok"
