#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The benchmark's yardstick must count right: ctfloor's three modes see
# every entry of the namespace, and the two parsing modes agree with each
# other and with conntrack -L on what ctdash aggregates.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/ctlist.sh"
need_root

NS=$(ns_create ctdi) || exit 1
long_timeouts "$NS"
in_ns() { ip netns exec "$NS" "$@" >/dev/null || die "$* failed in $NS"; }
in_ns "$TOOLS/ctload" fill --count 3000 --sources 127.0.2.1-127.0.2.3
in_ns "$TOOLS/ctload" udp6 --ports 7000-7019
in_ns "$TOOLS/ctload" tcp-timewait --count 11
in_ns "$TOOLS/ctload" ping --count 5
in_ns "$TOOLS/ctload" ping --count 2 --dst ::1
start_holder "$NS" 4 127.0.0.1

# field LINE NAME: the value of NAME=... in a ctfloor line.
field() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

expect=$(ct_summary "$NS") || exit 1
entries=$(json_get "$expect" .entries)
declare -A line
[ "$entries" = 3042 ] || die "expected 3042 entries in $NS, conntrack -L shows $entries"
for mode in count nfct mnl; do
	out=$("$TOOLS/ctfloor" "$mode" --netns "$NS") || die "ctfloor $mode failed"
	[ "$(field "$out" entries)" = "$entries" ] || die "ctfloor $mode: $out; expected $entries entries"
	for t in wall user sys; do
		field "$out" "$t" | grep -Eq '^[0-9]+\.[0-9]{3}$' || die "ctfloor $mode: no $t time in '$out'"
	done
	line[$mode]=$out
done

# Everything but the times and the seconds left must be equal.
strip() { printf '%s\n' "$1" | tr ' ' '\n' | grep -Ev '^(mode|wall|user|sys|timeout_sum)='; }
[ "$(strip "${line[nfct]}")" = "$(strip "${line[mnl]}")" ] ||
	die "ctfloor nfct and mnl disagree:
  ${line[nfct]}
  ${line[mnl]}"
check() {
	[ "$(field "${line[mnl]}" "$1")" = "$(json_get "$expect" "$2")" ] ||
		die "ctfloor $1=$(field "${line[mnl]}" "$1"), conntrack -L $2=$(json_get "$expect" "$2")"
}
check ipv4 .l3.ipv4
check ipv6 .l3.ipv6
check tcp .l4.tcp
check udp .l4.udp
check icmp .l4.icmp
check icmpv6 .l4.icmpv6
check established .tcp_states.ESTABLISHED
check time_wait .tcp_states.TIME_WAIT
check assured .flags.assured
check unreplied .flags.unreplied

"$TOOLS/ctfloor" bogus >/dev/null 2>&1
[ $? = 2 ] || die "ctfloor bogus did not exit 2"
"$TOOLS/ctfloor" count --netns "ctdi-missing-$$" >/dev/null 2>&1
[ $? = 2 ] || die "ctfloor with a missing namespace did not exit 2"
note "ctfloor: ${line[mnl]}"
