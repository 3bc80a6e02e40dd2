#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The incident moment when nothing can be deleted (issue 22): pinned
# entries (ASSURED ESTABLISHED connections held open) fill a namespace
# under a lowered global max, and new UDP flows are dropped. The first
# item raises the global nf_conntrack_max: ctdash, reading the namespace,
# writes it in the initial namespace where it started; the drops stop and
# the journal holds the write and its measured effect. The global max is
# put back on every exit path (lower_global_max's restore).
. "$TESTLIB"
. "$(dirname "$TESTLIB")/relief_lib.sh"

relief_begin ctrm
held=$((GLOBAL_MAX - 60))
ip netns exec "$NS" bash -c "ulimit -n $((2 * held + 100)); exec '$TOOLS/ctload' tcp-hold \
	--count $held --src 127.0.0.6 --seconds 300" >"$TEST_TMP/hold" 2>&1 &
ns_track_pid $!
for _ in $(seq 200); do grep -q ready "$TEST_TMP/hold" && break; sleep 0.1; done
grep -q ready "$TEST_TMP/hold" || die "ctload could not hold $held connections: $(cat "$TEST_TMP/hold")"
relief_incident 'raise the global nf_conntrack_max to [0-9,]+: fill [0-9]+% -> [0-9]+% +a Enter'
tui_keys a
tui_wait_for '^ critical +Raise nf_conntrack_max from [0-9,]+ to [0-9,]+' 5
tui_wait_for 'Enter: change (nf_conntrack_)?max to [0-9]+ \(asks first\)' 5
want=$(tui_screen | sed -En 's/.*Enter: change (nf_conntrack_)?max to ([0-9]+).*/\2/p' | head -n 1)
tui_keys Enter
tui_wait_for ', now .*: ?[0-9]*$' 5
tui_keys Enter
tt_dialog 'Change nf_conntrack_max\?'
# the dialog's lines without its frame (and what shows right of it), joined
screen=$(sed 's/^[^│]*│ *//; s/ *│[^│]*$//' <<<"$(tui_stable_screen)" | tr '\n' ' ')
for w in "It is global: the limit of every network namespace's table" "Within 10% of the limit now: .*$NS" \
	"The same by hand: +sysctl -w net.netfilter.nf_conntrack_max=$want"; do
	grep -Eq -- "$w" <<<"$screen" || { tui_screen >&2; die "the confirmation lacks /$w/"; }
done
tui_keys y
relief_effect "max raised to $want" "$want"
[ "$(cat /proc/sys/net/netfilter/nf_conntrack_max)" = "$want" ] ||
	die "the global max is $(cat /proc/sys/net/netfilter/nf_conntrack_max), not $want"
tt_quit
grep -Eq "apply .* nf_conntrack_max $GLOBAL_MAX $want" "$J" || die "the journal lacks the write: $(cat "$J")"
note "journal: $(grep -c . "$J") lines, the write and its effect"
relief_end
