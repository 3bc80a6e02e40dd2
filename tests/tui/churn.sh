#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The dashboard on events (issue 9): the title says events and how old the
# last dump is, the Churn line shows new/s near a generator's known rate,
# c opens who makes new entries with the churner first, and a namespace
# with events off is shown from dumps, the title saying why.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

NS=$(ns_create ctdt-churn) || exit 1
ip netns exec "$NS" "$TOOLS/ctload" fill --count 3000 --sources 127.0.0.9-127.0.0.9 >/dev/null
ip netns exec "$NS" "$TOOLS/ctload" churn --rate 400 --seconds 60 --src 127.0.0.5 >/dev/null &
ns_track_pid $!

tui_start 120 40
tui_run_ctdash "'$CTDASH' --netns '$NS' -d 10"
tui_wait_for 'events, dump [0-9]+s ago' 10
# 400/s, shown as 3 digits: within 20%
tui_wait_for 'Churn +new (3[2-9][0-9]|4[0-7][0-9])/s' 20
tui_keys c
tui_wait_for 'src 127\.0\.0\.5 ' 10
screen=$(tui_stable_screen)
first=$(printf '%s\n' "$screen" | grep -E '^ *src ' | head -n 1)
case $first in *127.0.0.5*) ;; *) die "the churner is not first: $first" ;; esac
printf '%s\n' "$screen" | grep -q 'src 127\.0\.0\.9 ' && die "the quiet holder is listed as a maker"
tui_keys c
tui_wait_for 'Top sources' 5
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit cleanly"
note "events: title, Churn line and the c view as expected"

NS2=$(ns_create ctdt-noev) || exit 1
ns_sysctl "$NS2" nf_conntrack_events 0
tui_keys C-l
tui_run_ctdash "'$CTDASH' --netns '$NS2'"
tui_wait_for 'dumps: events off here' 10
tui_keys c
tui_wait_for 'needs events' 5
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit cleanly (events off)"
echo "2 passed, 0 failed"
