#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ctdash --list --resolve: names in place of the addresses that have one
# (text), beside them as *_name keys (--json), the addresses of those
# without one kept; the same rows as conntrack -L of the namespace. The
# resolver is the test hook (CTDASH_TEST_HOSTS: names from a file written
# here), so no DNS query leaves the machine.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/ctlist.sh"
need_root
need_test_hooks

NS=$(ns_create ctdn) || exit 1
long_timeouts "$NS"
in_ns() { ip netns exec "$NS" "$@" >/dev/null || die "$* failed in $NS"; }
in_ns "$TOOLS/ctload" udp --src 127.0.0.9 --dst 127.0.0.1 --ports 20000-20004
in_ns "$TOOLS/ctload" udp --src 127.0.0.10 --dst 127.0.0.1 --ports 20100-20101
in_ns "$TOOLS/ctload" udp6 --ports 21000-21001
HOSTS=$TEST_TMP/hosts
printf '%s\n' '# the only resolver this test lets ctdash ask' \
	'127.0.0.9 nine.test' '127.0.0.1 one.test' '::1 six.test' \
	'127.0.0.10 10.0.0.99' >"$HOSTS"
export CTDASH_TEST_HOSTS=$HOSTS
failed=0

# text: every address with a name is that name, 127.0.0.10 stays itself
# (its hosts line names it 10.0.0.99: a name that is an address is none)
text=$("$CTDASH" --netns "$NS" --list --resolve proto udp --sort dport) || die "--list --resolve failed"
rows=$(tail -n +2 <<<"$text")
want=$(ip netns exec "$NS" conntrack -L -p udp 2>/dev/null | wc -l)
[ "$(wc -l <<<"$rows")" = "$want" ] || die "$(wc -l <<<"$rows") rows, conntrack -L has $want:
$text"
# columns: id l3 l4 state timeout src dst sport dport reply_src reply_dst
check() { # WHAT EXPECTED-COUNT AWK-CONDITION
	local got
	got=$(awk "$3" <<<"$rows" | wc -l)
	if [ "$got" != "$2" ]; then
		echo "FAIL: $1: $got rows, expected $2" >&2
		failed=$((failed + 1))
	fi
}
check 'nine.test to one.test, both ways' 5 \
	'$6 == "nine.test" && $7 == "one.test" && $10 == "one.test" && $11 == "nine.test"'
check '127.0.0.10 without a name' 2 '$6 == "127.0.0.10" && $7 == "one.test" && $11 == "127.0.0.10"'
check 'six.test over IPv6' 2 '$2 == "ipv6" && $6 == "six.test" && $7 == "six.test"'
check 'a name that reads as an address refused' 0 '$6 == "10.0.0.99" || $11 == "10.0.0.99"'
check 'no address left where a name is known' 0 '$6 == "127.0.0.9" || $7 == "127.0.0.1" || $6 == "::1"'

# JSON: the addresses stay, the names beside them
json=$("$CTDASH" --netns "$NS" --list --json --resolve proto udp) || die "--list --json --resolve failed"
named=$(jq -s '[.[] | select(.src == "127.0.0.9" and .src_name == "nine.test" and
	.dst_name == "one.test" and .reply_src_name == "one.test" and
	.reply_dst_name == "nine.test")] | length' <<<"$json")
[ "$named" = 5 ] || { echo "FAIL: $named JSON rows named, expected 5" >&2; failed=$((failed + 1)); }
unnamed=$(jq -s '[.[] | select(.src == "127.0.0.10" and (has("src_name") | not))] | length' <<<"$json")
[ "$unnamed" = 2 ] || { echo "FAIL: $unnamed JSON rows without src_name, expected 2" >&2; failed=$((failed + 1)); }
# without --resolve, no name at all
plain=$("$CTDASH" --netns "$NS" --list --json proto udp) || die "--list --json failed"
grep -q '_name' <<<"$plain" && { echo "FAIL: names without --resolve" >&2; failed=$((failed + 1)); }

# --resolve belongs to --list
"$CTDASH" --once --resolve >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: --once --resolve not refused with 2" >&2; failed=$((failed + 1)); }

echo "$((1 - (failed > 0))) passed, $((failed > 0)) failed"
[ "$failed" = 0 ]
