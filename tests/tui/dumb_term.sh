#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# TERM=dumb (no cursor addressing) drew the whole dashboard on one line.
# ctdash refuses it at once, saying why and what to do, exits 2 and
# leaves the terminal as it was (issue 12, item 9); --once still works.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

NS=$(ns_create ctdt) || exit 1
tui_start 100 30
tui_type "S0=\$(stty -g); TERM=dumb '$CTDASH' --netns '$NS'; echo EXIT=\$?"
tui_keys Enter
status=$(tui_exit_status 5)
[ "$status" = 2 ] || die "TERM=dumb: exit status $status, expected 2"
# the message, its lines joined (it wraps at the pane's width)
said=$(tui_screen | tr -d '\n')
for want in 'terminal type dumb cannot move the cursor' 'set TERM to your terminal' \
	'use --once or --json'; do
	grep -qF -- "$want" <<<"$said" || die "TERM=dumb: the message does not say '$want': $said"
done
tui_screen | grep -q 'ctdash  ' && die "TERM=dumb: the dashboard was drawn anyway"
tui_terminal_usable
note "TERM=dumb: refused with the reason, exit 2, terminal as it was"

# the reports need no cursor
tui_keys C-l
tui_type "TERM=dumb '$CTDASH' --netns '$NS' --once | head -n 1; echo EXIT=\${PIPESTATUS[0]}"
tui_keys Enter
status=$(tui_exit_status 10)
[ "$status" = 0 ] || die "TERM=dumb --once: exit status $status"
note "TERM=dumb --once: works"
note "dumb_term: ok"
