#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What the kernel keeps outside the main table (issue 22): --json reads
# the dying and unconfirmed lists and the expectation table with its
# limit, as conntrack(8) lists them in the same namespace; without
# CAP_NET_ADMIN they are null, not 0.
. "$TESTLIB"
need_root
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing" >&2; exit "$HARD"; }

NS=$(ns_create ctou) || exit 1
ip netns exec "$NS" "$TOOLS/ctload" udp --ports 42000-42009 >/dev/null || die "ctload udp failed"
json=$("$CTDASH" --json --netns "$NS") || die "ctdash --json exited $?"
listed() { ip netns exec "$NS" conntrack -L "$1" 2>&1 | sed -n 's/.*: \([0-9]*\) .* shown\./\1/p'; }
check() {
	local got
	got=$(json_get "$json" "$1")
	[ "$got" = "$2" ] || die "$1: expected $2, got $got"
}
check .dying "$(listed dying)"
check .unconfirmed "$(listed unconfirmed)"
check .expectations.count "$(listed expect)"
check .expectations.max "$(ip netns exec "$NS" cat /proc/sys/net/netfilter/nf_conntrack_expect_max)"
note "dying $(json_get "$json" .dying), unconfirmed $(json_get "$json" .unconfirmed), expectations $(printf "%s" "$json" | jq -c .expectations)"

json=$(setpriv --inh-caps=-net_admin --bounding-set=-net_admin "$CTDASH" --json --netns "$NS") ||
	die "ctdash --json exited $? without CAP_NET_ADMIN"
check .dying null
check .expectations null
note "without CAP_NET_ADMIN: null"
echo "1 passed, 0 failed"
