#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The accounting offer: with nf_conntrack_acct 0 in the namespace the list
# view says so and names its key; A opens the tuning confirmation (0 -> 1,
# only new entries counted from then on), y writes it in that namespace
# only, read back and journalled; new entries then carry counters; u
# undoes it back to 0.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctda) || exit 1
J=$(new_journal)
host_acct=$(cat /proc/sys/net/netfilter/nf_conntrack_acct)
ns_sysctl "$NS" nf_conntrack_acct 0
ns_sysctl "$NS" nf_conntrack_udp_timeout 600
ctload "$NS" udp --src 127.0.0.9 --dst 127.0.0.1 --ports 20000-20004

tui_start 140 40
tui_run_ctdash "'$CTDASH' --netns '$NS' --journal '$J'"
tt_loaded
tui_keys L
tui_wait_for "showing 5 of 5 matching '' \\(of 5\\), by timeout; accounting is off: A turns it on" 10
tui_wait_for 'no counters: nf_conntrack_acct is off here; A turns it on' 5

tui_keys A
tt_dialog 'Change nf_conntrack_acct\?'
screen=$(tui_stable_screen)
for want in "net\.netfilter\.nf_conntrack_acct in namespace '$NS'" "0 \(off\) +-> +1 \(on\)" \
	"Only new entries are counted from now on" "ip netns exec $NS sysctl -w" \
	"net\.netfilter\.nf_conntrack_acct=1" "y: yes +n or Esc: no"; do
	grep -Eq -- "$want" <<<"$screen" || { echo "$screen" >&2; die "the dialog lacks /$want/"; }
done
[ "$(nsval "$NS" nf_conntrack_acct)" = 0 ] || die "written before y"
tui_keys y
tui_wait_for 'nf_conntrack_acct: 0 -> 1, read back 1' 5
[ "$(nsval "$NS" nf_conntrack_acct)" = 1 ] || die "acct is $(nsval "$NS" nf_conntrack_acct) after y"
[ "$(cat /proc/sys/net/netfilter/nf_conntrack_acct)" = "$host_acct" ] || die "the host's acct changed"
[ "$(records "$J" apply)" = 1 ] || die "the journal has $(records "$J" apply) apply records, expected 1"
awk '$1 !~ /^#/ && $2 == "apply"' "$J" | grep -q 'nf_conntrack_acct' || die "the journal's record is not acct's: $(cat "$J")"
tui_wait_gone 'accounting is off' 5
note "A, y: acct 1 in the namespace only, read back, journalled"

# A again: nothing to change
tui_keys A
tui_wait_for 'nf_conntrack_acct is 1 already' 5

# new entries are counted: the selected one shows its counters
ctload "$NS" udp --src 127.0.0.11 --dst 127.0.0.1 --ports 20100-20100
tui_keys '\'
tui_wait_for 'Filter \(e\.g\.' 5
tui_keys C-u
tui_type 'src 127.0.0.11'
tui_keys Enter
tui_wait_for "showing 1 of 1 matching 'src 127.0.0.11'" 10
tui_wait_for 'packets [1-9][0-9,]* / [0-9,]+ +bytes [1-9][0-9,]* / [0-9,]+' 5
note "an entry made after it carries counters"

# u undoes it
tui_keys u
tt_dialog 'Undo the last change\? \(1 change\)'
tui_keys y
tui_wait_for 'nf_conntrack_acct: 1 -> 0, read back 0' 5
[ "$(nsval "$NS" nf_conntrack_acct)" = 0 ] || die "u left acct at $(nsval "$NS" nf_conntrack_acct)"
[ "$(records "$J" undo)" = 1 ] || die "the journal has $(records "$J" undo) undo records, expected 1"
tui_wait_for 'accounting is off: A turns it on' 5
tt_quit
note "u: acct back to 0, journalled as an undo"
echo "1 passed, 0 failed"
