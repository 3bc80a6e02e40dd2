#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The incident moment (issue 22): a namespace full of ASSURED TIME_WAIT
# entries under a lowered global max (restored on every exit path), with
# a steady stream of new UDP flows the kernel drops. The first screen says
# under the TABLE FULL line what frees room now; ctdash's own keys follow
# it (a, Enter, the delete question, yes); the kernel's drop counter stops
# rising and the count falls below max while the flows go on; the journal
# holds the delete and its measured effect.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/relief_lib.sh"

relief_begin ctrl
ns_sysctl "$NS" nf_conntrack_tcp_timeout_time_wait 600
# new UDP flows (relief_begin): the kernel's collector, whose passes
# follow the entries' timeouts, keeps its minute between passes
ip netns exec "$NS" "$TOOLS/ctload" tcp-timewait --count $((GLOBAL_MAX - 50)) \
	--src 127.0.0.6 >/dev/null || die "ctload could not fill $NS"
relief_incident 'delete [0-9,]+ [A-Za-z/_ ]+ entries: fill 1[0-9][0-9]% -> [0-9]+% +a Enter'
d0=$(ns_drops "$NS")
sleep 1
[ "$(ns_drops "$NS")" -gt "$d0" ] || die "the kernel does not drop: the test has no incident"

# a: the advice, on its first item, which is the relief
tui_keys a
tui_wait_for '^ critical +Delete the [0-9,]+ entries that hold slots without traffic' 5
tui_wait_for 'Enter: list these entries and ask to delete them' 5
tui_keys Enter
# the list with the filter, then the question for all of them
tui_wait_for '┌ Delete' 20
screen=$(tui_stable_screen)
grep -Eq "state TIME_WAIT|unreplied and" <<<"$screen" || { echo "$screen" >&2; die "the question lacks the filter"; }
grep -q 'ESTABLISHED' <<<"$screen" && { echo "$screen" >&2; die "the relief offers ESTABLISHED entries"; }
tui_keys y
# a big share asks again, typed
tui_wait_for 'Type yes and Enter' 5
tui_type yes
tui_keys Enter
relief_effect deleted "$GLOBAL_MAX"
tt_quit
grep -q 'note.*deleted' "$J" || die "the journal lacks the delete: $(cat "$J")"
note "journal: $(grep relief "$J" | head -c 300)"
relief_end
