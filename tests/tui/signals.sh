#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# q, Ctrl-C (SIGINT), SIGTERM and SIGHUP all end ctdash promptly and give
# the terminal back as it was: the same stty settings, the normal screen,
# the cursor shown. A terminal that goes away (the pane killed, as an SSH
# session dropping) ends it too.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

tui_known 100 30

# ends_with HOW STATUS: start ctdash, end it with HOW, check status and tty
ends_with() {
	local how=$1 want=$2 pid status
	tui_keys C-l
	tui_run_ctdash "'$CTDASH' --netns '$NS'"
	tui_wait_for 'TIME_WAIT +6 ' 10
	pid=$(tui_ctdash_pid)
	[ -n "$pid" ] || die "no ctdash process in the pane"
	case $how in
	q) tui_keys q ;;
	ctrl-c) tui_keys C-c ;;
	*) kill -s "$how" "$pid" ;;
	esac
	status=$(tui_exit_status 5)
	[ "$status" = "$want" ] || die "$how: exit status $status, expected $want"
	tui_terminal_usable
	note "$how: exit status $status, terminal restored"
}

ends_with q 0
ends_with ctrl-c 130
ends_with TERM 143
ends_with HUP 129

# the terminal itself goes away
tui_keys C-l
tui_run_ctdash "'$CTDASH' --netns '$NS'"
tui_wait_for 'TIME_WAIT +6 ' 10
pid=$(tui_ctdash_pid)
[ -n "$pid" ] || die "no ctdash process in the pane"
tmx kill-pane -t "$TUI_TARGET" 2>/dev/null
tui_gone "$pid" 3 || die "ctdash still runs 3 s after its terminal went away"
note "terminal gone: ctdash ended"
note "signals: ok"
