#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nf_conntrack_max (m) and the bucket count (b) are global. Reading a
# namespace from the initial one, both keys open the value line: ctdash
# writes them in the initial namespace where it started, and the
# confirmation says the max is every namespace's limit. In the initial
# namespace the value line opens and the confirmation shows kernel memory
# at the new max from the real object size and the max/buckets ratio, or
# the load factor and memory after a bucket change; the test only looks
# and cancels (n, Escape): the host's settings are never written, which
# the absent journal proves (every write is journalled first). The write
# itself is covered on temporary files by tests/unit/test_dlg_tune.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

max=$(cat /proc/sys/net/netfilter/nf_conntrack_max)
buckets=$(cat /sys/module/nf_conntrack/parameters/hashsize)
# 524288 -> 524,288, as ctdash writes counts
fmt() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }

NS=$(ns_create ctde) || exit 1
J=$(new_journal)
tt_start "$NS" "$J"
tui_keys m
tui_wait_for "^nf_conntrack_max, now $(fmt "$max"): ?$" 5
tui_type $((max * 2))
tui_keys Enter
tt_dialog 'Change nf_conntrack_max\?'
screen=$(tui_stable_screen)
for w in "net.netfilter.nf_conntrack_max \(global\)" "It is global: the limit of every" \
	"written in the initial namespace" "of the limit now"; do
	# the dialog's lines without its frame, joined: wrapped words meet again
	grep -Eq -- "$w" <<<"$(sed 's/^ *│ *//; s/ *│ *$//' <<<"$screen" | tr '\n' ' ')" ||
		{ echo "$screen" >&2; die "the max dialog from a namespace lacks /$w/"; }
done
tui_keys n
tui_wait_for 'cancelled: nothing was written' 5
tui_keys b
tui_wait_for "^buckets, now [0-9,]+: ?$" 5
tui_keys Escape
tui_wait_gone ', now .*: ?$' 2
tt_quit
[ "$(cat /proc/sys/net/netfilter/nf_conntrack_max)" = "$max" ] || die "the max changed"
note "in a namespace m and b open: global settings, written in the initial namespace"

tui_keys C-l
tui_run_ctdash "'$CTDASH' --journal '$J'"
tui_wait_for '^Table .*/' 10
tui_keys m
tui_wait_for "^nf_conntrack_max, now [0-9,]+: ?$" 5
want=$((max * 2))
tui_type "$want"
tui_keys Enter
tt_dialog 'Change nf_conntrack_max\?'
screen=$(tui_stable_screen)
for w in "net.netfilter.nf_conntrack_max \(global\)" "-> +$(fmt $want)" "Entries now: " \
	"At the new max a full table holds [0-9.]+ [KMG]iB of kernel" "bytes per entry" \
	"max/buckets becomes" "sysctl -w net.netfilter.nf_conntrack_max=$want"; do
	grep -Eq -- "$w" <<<"$screen" || { echo "$screen" >&2; die "the max dialog lacks /$w/"; }
done
tui_keys n
tui_wait_for 'cancelled: nothing was written' 5
note "m in the initial namespace: memory at the new max, bytes per entry, max/buckets; n cancels"

tui_keys b
tui_wait_for "^buckets, now [0-9,]+: ?$" 5
tui_type 100000
tui_keys Enter
tt_dialog 'Change the bucket count\?'
screen=$(tui_stable_screen)
for w in "/sys/module/nf_conntrack/parameters/hashsize \(global\)" \
	"Rounded up from 100,000 to 100,352" "-> +100,352" "After the change: load factor [0-9.]+ \(now [0-9.]+\)" \
	"of buckets occupied" "echo 100352 > /sys/module/nf_conntrack/parameters/hashsize"; do
	grep -Eq -- "$w" <<<"$screen" || { echo "$screen" >&2; die "the buckets dialog lacks /$w/"; }
done
t0=$(date +%s%N)
tui_keys Escape
tui_wait_gone '┌ Change the bucket count' 2
note "b: rounded to whole pages, load factor and memory after; Escape closed it in $(ms_since "$t0") ms"
tt_quit
[ -e "$J" ] && die "a journal was written: $(cat "$J")"
note "nothing written on the host (no journal); max $max, buckets $buckets as found"
tt_took
