#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The TABLE FULL line. A namespace filled to a lowered global max
# (restored on every exit path) keeps receiving new flows: a line at the
# top says so in words, in red, the advice view lists "dropping" as
# critical; once the flows stop the line stays, dimmed, with the time of
# the last drop, until x puts it away. Under NO_COLOR the same words, no
# colour.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

NS=$(ns_create ctbn) || exit 1
overfill "$NS"
tui_start 100 30
# Under NO_COLOR the line says it in words alone: no colour on it.
tui_run_ctdash "NO_COLOR=1 '$CTDASH' --netns '$NS' --read-only -d 5"
tui_wait_for '^ TABLE FULL: dropping packets since [0-9]{2}:[0-9]{2}:[0-9]{2}, [0-9,]+ drops?, [0-9]+/s' 10
tui_screen_sgr | grep 'TABLE FULL' | grep -Eq $'\e\\[([0-9]*;)*(3[0-7]|4[0-7]|9[0-7]|10[0-7])(;[0-9]*)*m' &&
	die "NO_COLOR: the TABLE FULL line is coloured: $(tui_screen_sgr | grep 'TABLE FULL' | cat -v)"
note "NO_COLOR: $(tui_screen | grep 'TABLE FULL')"
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash under NO_COLOR did not exit 0"
tui_keys C-l
tui_run_ctdash "'$CTDASH' --netns '$NS' --read-only -d 5"
tui_wait_for '^ TABLE FULL: dropping packets since [0-9]{2}:[0-9]{2}:[0-9]{2}, [0-9,]+ drops?, [0-9]+/s' 10
# red: the critical colour (SGR 31 or 91) on that line
tui_screen_sgr | grep 'TABLE FULL' | grep -Eq $'\e\\[([0-9;]*;)?(31|91)(;[0-9]*)?m' ||
	die "the TABLE FULL line is not red: $(tui_screen_sgr | grep 'TABLE FULL' | cat -v)"
note "$(tui_screen | grep 'TABLE FULL')"
tui_keys x
tui_wait_for 'still dropping' 5
tui_keys a
tui_wait_for '^ critical +The table of namespace .* is full: the kernel dropped' 5
tui_keys Escape
kill $FLOOD
wait $FLOOD 2>/dev/null
restore_global_max
tui_wait_for '^ TABLE FULL until [0-9:]{8}: [0-9,]+ drops? from [0-9:]{8}; none since \(x dismisses\)' 10
tui_keys x
tui_wait_gone 'TABLE FULL' 5
note "the line stayed after the drops stopped, x put it away"
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit 0"
echo "1 passed, 0 failed"
