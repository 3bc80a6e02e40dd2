#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/bench-recovery.sh [N]: how long `ctdash --undo-last` takes on a
# journal of N records (default 40,000), every one a change of time_wait
# in a namespace of its own that no undo followed, so recovery must weigh
# each record against all later ones. Prints wall, user and system time of
# three runs. Root; CTDASH, TOOLS and TESTLIB as for the tests (make
# bench-recovery sets them).
. "$TESTLIB"
need_root
N=${1:-40000}
TW=nf_conntrack_tcp_timeout_time_wait
NS=$(ns_create ctdr) || exit 1
NSID=$(stat -L -c %i "/run/netns/$NS")
J=$TEST_TMP/journal
{
	echo "# ctdash journal v1: time kind txid reverts nsid ns name old new"
	awk -v n="$N" -v nsid="$NSID" -v ns="$NS" -v tw=$TW 'BEGIN {
		for (i = 0; i < n; i++)
			printf "2025-11-22T00:03:12Z apply t%d - %s %s %s %d %d\n", i, nsid, ns, tw,
				i % 2 ? 10 : 120, i % 2 ? 120 : 10 }'
} >"$J.orig"
note "$N records, $(wc -c <"$J.orig") bytes"
for run in 1 2 3; do
	install -m 600 "$J.orig" "$J"
	ns_sysctl "$NS" $TW $((N % 2 ? 10 : 120))
	/usr/bin/time -f "run $run: wall %e s, user %U s, system %S s" \
		"$CTDASH" --undo-last --netns "$NS" --journal "$J" >/dev/null || die "--undo-last failed"
done
