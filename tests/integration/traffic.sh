#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Known loopback traffic in a private namespace; ctdash --json must agree
# exactly with conntrack -L of that namespace (per L3, L4, TCP state, flag
# and source) and with what was sent.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/ctlist.sh"
need_root

NS=$(ns_create ctdi) || exit 1
long_timeouts "$NS"
in_ns() { ip netns exec "$NS" "$@" >/dev/null || die "$* failed in $NS"; }

# UDP flows: sources 127.0.0.2-4 with different counts, so the ranking of
# sources is unambiguous; IPv6 from ::1.
in_ns "$TOOLS/ctload" udp --src 127.0.0.2 --dst 127.0.0.1 --ports 20000-20049 --sockets 3
in_ns "$TOOLS/ctload" udp --src 127.0.0.3 --dst 127.0.0.1 --ports 20000-20039 --sockets 2
in_ns "$TOOLS/ctload" udp --src 127.0.0.4 --dst 127.0.0.9 --ports 33000-33044
in_ns "$TOOLS/ctload" udp6 --ports 20000-20029
# TCP: short connections left in TIME_WAIT, and held ESTABLISHED ones.
in_ns "$TOOLS/ctload" tcp-timewait --count 25 --src 127.0.0.5
start_holder "$NS" 12 127.0.0.6
# ICMP echo from 127.0.0.1 and ICMPv6 from ::1.
in_ns "$TOOLS/ctload" ping --count 9
in_ns "$TOOLS/ctload" ping --count 4 --dst ::1

json=$(ctdash_matches "$NS" --netns "$NS") || exit 1

# What was sent, independently of conntrack -L.
expect() {
	local got
	got=$(json_get "$json" "$1")
	[ "$got" = "$2" ] || die "$1: expected $2, got $got"
}
expect .count 355
expect .l3.ipv4 321
expect .l3.ipv6 34
expect .l4.udp 305
expect .l4.tcp 37
expect .l4.icmp 9
expect .l4.icmpv6 4
expect .tcp_states.TIME_WAIT 25
expect .tcp_states.ESTABLISHED 12
expect .flags.assured 37
expect .flags.unreplied 305
expect .distinct_sources 7
expect '.top_sources[0] | "\(.addr) \(.count)"' "127.0.0.2 150"
expect '.top_sources[1] | "\(.addr) \(.count)"' "127.0.0.3 80"
expect '.top_sources[2] | "\(.addr) \(.count)"' "127.0.0.4 45"
expect '.top_sources[3] | "\(.addr) \(.count)"' "::1 34"

# Sources come largest first, and --top cuts the list there.
json_get "$json" '[.top_sources[].count] | . == (sort | reverse)' | grep -qx true ||
	die "top_sources are not in descending order"
top2=$("$CTDASH" --json --top 2 --netns "$NS") || die "ctdash --top 2 failed"
expect_top2=$(json_get "$json" '[.top_sources[:2][] | .addr] | join(" ")')
[ "$(json_get "$top2" '[.top_sources[] | .addr] | join(" ")')" = "$expect_top2" ] ||
	die "--top 2 does not give the two largest sources ($expect_top2)"
note "ctdash matches conntrack -L: $(ctdash_summary "$json")"
