#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A process in the watched namespace forges netlink datagrams at ctdash's
# socket: a length with the top bit set (it crashed ctdash), a fake entry,
# an early NLMSG_DONE. ctdash must take none of them: no crash, and counts
# that agree with conntrack -L.
. "$TESTLIB"
need_root

NS=$(ns_create ctdi-forge) || exit 1
# the entries outlive the test however slowly it runs (under valgrind a
# run takes minutes; UDP entries last 30 s by default)
ns_sysctl "$NS" nf_conntrack_udp_timeout 3600
ip netns exec "$NS" "$TOOLS/ctload" fill --count 40000 --sources 127.0.1.1-127.0.1.40 >/dev/null ||
	die "ctload fill failed"
want=$(ip netns exec "$NS" conntrack -C)

# 1. ctdash's own connection, forged at before and during a dump.
out=$(ip netns exec "$NS" "$TOOLS/ctforge" self) || die "ctforge self: $out"
note "ctforge self: $out"
field() { printf '%s\n' "$out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
[ "$(field delivered)" = 0 ] || die "the kernel delivered forged datagrams to ctdash's socket: $out"
[ "$(field refused)" -gt 3 ] || die "ctforge did not forge during the dump: $out"
[ "$(field entries)" = "$want" ] || die "dump counted $(field entries), conntrack -C says $want"

# 2. The real program, hammered at its port (its pid) while it dumps.
for run in 1 2 3; do
	"$CTDASH" --json --netns "$NS" >"$TEST_TMP/json" 2>"$TEST_TMP/err" &
	pid=$!
	ns_track_pid "$pid"
	f=$(ip netns exec "$NS" "$TOOLS/ctforge" pid "$pid" 20)
	wait "$pid"; rc=$?
	[ "$rc" = 0 ] || die "run $run: ctdash --json exited $rc under forged datagrams ($f): $(head -c 500 "$TEST_TMP/err")"
	json=$(cat "$TEST_TMP/json")
	[ "$(json_get "$json" .complete)" = true ] || die "run $run: dump not complete: $(json_get "$json" .problems)"
	[ "$(json_get "$json" .entries_dumped)" = "$want" ] ||
		die "run $run: ctdash dumped $(json_get "$json" .entries_dumped), conntrack -C says $want"
	json_get "$json" '.top_sources[].addr' | grep -qx 127.66.66.66 &&
		die "run $run: the forged entry was counted"
	note "run $run: ctforge $f; ctdash dumped $want entries, complete"
done
echo "1 passed, 0 failed"
