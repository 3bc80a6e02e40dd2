#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A hash table resized while ctdash dumps it: the kernel walks buckets by
# index and does not flag the dump, so entries can be skipped or repeated.
# ctdash must never call such a dump complete: every report is either
# complete and exact, or says it is partial.
#
# The bucket count is global. This test changes it and puts the old size
# back on every exit path (set_global_buckets in lib.sh); so is
# nf_conntrack_max, raised the same way when the host's is below N.
. "$TESTLIB"
need_root

N=150000
NS=$(ns_create ctdi) || exit 1
ns_sysctl "$NS" nf_conntrack_udp_timeout 3600
# the table must hold N whatever the host's own max (a 4 GiB host's
# default is 131,072): raised for the run when lower, restored on exit
raise_global_max $((N + N / 4 + 10000))
ip netns exec "$NS" "$TOOLS/ctload" fill --count $N --sources 127.0.3.1-127.0.3.4 >/dev/null ||
	die "ctload fill failed"
have=$(ip netns exec "$NS" cat /proc/sys/net/netfilter/nf_conntrack_count)
[ "$have" = $N ] || die "the namespace holds $have entries, not $N"

HS=/sys/module/nf_conntrack/parameters/hashsize
old=$(cat $HS)
set_global_buckets "$old" # registers the restore of the current size
# resize back and forth for as long as the dumps run (bounded: 20 s)
(
	trap 'echo "$old" > '"$HS"'; exit 0' TERM
	for i in $(seq 400); do
		echo $((old * 2)) > $HS
		sleep 0.02
		echo "$old" > $HS
		sleep 0.02
	done
) &
resizer=$!
ns_track_pid $resizer
_restore+=("echo $old > $HS")

complete=0 partial=0
for run in $(seq 8); do
	json=$("$CTDASH" --json --netns "$NS") || die "ctdash failed during resizes"
	if [ "$(json_get "$json" .complete)" = true ]; then
		dumped=$(json_get "$json" .entries_dumped)
		[ "$dumped" = $N ] || die "run $run: complete, yet $dumped entries for $N"
		[ "$(json_get "$json" .l4.udp)" = $N ] || die "run $run: complete, yet udp $(json_get "$json" .l4.udp)"
		complete=$((complete + 1))
	else
		json_get "$json" .problems.dump | grep -q 'partial' ||
			die "run $run: incomplete without saying so: $(json_get "$json" .problems)"
		partial=$((partial + 1))
	fi
done
kill $resizer 2>/dev/null
wait $resizer 2>/dev/null
[ "$(cat $HS)" = "$old" ] || die "the hash size was not restored"
note "8 dumps during resizes: $complete complete and exact, $partial said partial"
