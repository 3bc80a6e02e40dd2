#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The NAT view (T, issue 19) on entries made with conntrack -I whose reply
# tuples differ from their originals: the SNAT tuple with its share of the
# kernel's default range (no rule names one here), the DNAT service with
# its two backends, the one that never replied flagged SILENT after 30 s
# of refreshes; Enter lists exactly a row's entries, F9 deletes them
# (asking first), and conntrack -L agrees.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctnv) || exit 1
J=$(new_journal)
nsx() { ip netns exec "$NS" "$@" >/dev/null 2>&1 || die "$* failed in $NS"; }
for i in 1 2 3 4 5 6; do # SNAT: 127.0.0.5 leaves as 127.0.0.9
	nsx conntrack -I -p tcp -s 127.0.0.5 -d 127.0.0.2 --sport $((40000 + i)) --dport 80 \
		-r 127.0.0.2 -q 127.0.0.9 --reply-port-src 80 --reply-port-dst $((1000 + i)) \
		--state ESTABLISHED -t 3000 -u SEEN_REPLY,ASSURED
done
dnat() { # DNAT: service 127.0.0.20 udp/53 to backend $1, replied when $2 says so
	nsx conntrack -I -p udp -s 127.0.0.6 -d 127.0.0.20 --sport "$3" --dport 53 \
		-r "$1" -q 127.0.0.6 --reply-port-src 53 --reply-port-dst "$3" -t 3000 ${2:+-u SEEN_REPLY}
}
for p in 41001 41002 41003 41004; do dnat 127.0.0.21 yes "$p"; done
for p in 41011 41012 41013; do dnat 127.0.0.22 "" "$p"; done
ids() { ip netns exec "$NS" conntrack -L -o id 2>/dev/null | sed -n 's/.* id=\([0-9]*\)$/\1/p' | sort; }
dead_ids() { ip netns exec "$NS" conntrack -L -o id -r 127.0.0.22 2>/dev/null | sed -n 's/.* id=\([0-9]*\)$/\1/p' | sort; }
before=$(ids) dead=$(dead_ids)
[ "$(wc -l <<<"$dead")" = 3 ] || die "conntrack -L lists $(wc -l <<<"$dead") entries from 127.0.0.22"

tui_start 140 40
tui_run_ctdash "'$CTDASH' --netns '$NS' --journal '$J' -d 10"
tui_keys T
tui_wait_for 'SNAT range 1024-65535 \(default 1024-65535 \(no rule range read\)\) +insert_failed' 10
tui_wait_for 'snat 127\.0\.0\.9 > 127\.0\.0\.2 tcp/80 +6 ' 5
tui_wait_for 'dnat 127\.0\.0\.20 udp/53 > 127\.0\.0\.21:53 +4 .*0 unrepl' 5
tui_wait_for 'dnat 127\.0\.0\.20 udp/53 > 127\.0\.0\.22:53 +3 .*3 unrepl' 5
note "the NAT view shows the SNAT tuple and both backends"
# silent: all unreplied for 30 s of refreshes
tui_wait_for 'dnat 127\.0\.0\.20 udp/53 > 127\.0\.0\.22:53 +3 .*SILENT' 45
tui_screen | grep -q '127\.0\.0\.21:53 .*SILENT' && die "127.0.0.21 is flagged too"
note "127.0.0.22 flagged SILENT"

# Enter: exactly the row's entries
tui_keys Down Down
tui_keys Enter
tui_wait_for "showing 3 of 3 matching 'dnat and dst 127\.0\.0\.20 and proto udp and dport 53 and nat-dst 127\.0\.0\.22'" 10
tui_keys Escape
tui_wait_for 'SNAT range 1024-65535' 5
# F9 on the same row: its entries, then the question; y deletes them
tui_keys F9
tt_dialog 'Delete 3 entries\?'
tui_keys y
tui_wait_for 'deleted 3, already gone 0, failed 0' 10
[ "$(ids)" = "$(comm -23 <(echo "$before") <(echo "$dead"))" ] ||
	die "F9 in the NAT view did not delete exactly the 3 entries of 127.0.0.22"
note "F9: the 3 entries of 127.0.0.22 deleted, the other $(ids | wc -l) kept"
tui_keys q
echo PASS
