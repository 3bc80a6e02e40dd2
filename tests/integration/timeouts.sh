#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The namespace's own timeout sysctls are what ctdash reports: distinctive
# values set inside the namespace show up in --json and --once, and the
# list is every *timeout* file of that namespace, discovered.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/ctlist.sh"
need_root

NS=$(ns_create ctdi) || exit 1
declare -A want=(
	[nf_conntrack_tcp_timeout_time_wait]=77
	[nf_conntrack_tcp_timeout_established]=98765
	[nf_conntrack_udp_timeout]=4321
	[nf_conntrack_icmp_timeout]=55
)
for name in "${!want[@]}"; do
	ns_sysctl "$NS" "$name" "${want[$name]}"
	host=$(cat "/proc/sys/net/netfilter/$name")
	[ "$host" != "${want[$name]}" ] || die "the host already has $name = $host: pick another value"
done
ip netns exec "$NS" "$TOOLS/ctload" tcp-timewait --count 3 >/dev/null || die "ctload tcp-timewait failed"

json=$("$CTDASH" --json --netns "$NS") || die "ctdash --json failed"
for name in "${!want[@]}"; do
	got=$(json_get "$json" ".timeouts.$name")
	[ "$got" = "${want[$name]}" ] || die "timeouts.$name: expected ${want[$name]}, got $got"
done

# Every timeout file of the namespace, with its value, and nothing else.
expected=$(ip netns exec "$NS" sh -c 'cd /proc/sys/net/netfilter &&
	for f in *timeout*; do printf "%s %s\n" "$f" "$(cat "$f")"; done' | sort)
reported=$(json_get "$json" '.timeouts | to_entries[] | "\(.key) \(.value)"' | sort)
[ "$expected" = "$reported" ] || die "timeouts differ from the namespace's /proc:
$(diff <(echo "$expected") <(echo "$reported"))"
[ "$(echo "$expected" | wc -l)" -ge 10 ] || die "too few timeout sysctls found: $expected"

# --once shows the TIME_WAIT row with the namespace's timeout (77 s).
once=$("$CTDASH" --once --netns "$NS") || die "ctdash --once failed"
echo "$once" | grep -Eq '^ +TIME_WAIT +3 +100\.0% +1m17s$' ||
	die "--once has no TIME_WAIT row with 3 entries and 1m17s:
$once"
note "timeouts reported: $(echo "$reported" | wc -l) sysctls, time_wait 77"
