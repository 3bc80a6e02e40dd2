#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ctload refuses every address that is not loopback, with exit status 2
# and a sentence, and makes no traffic. It runs in a namespace that has
# only lo, so nothing could leave even if a check were missing.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/ctlist.sh"
need_root

NS=$(ns_create ctdi) || exit 1
err=$(mktemp)
trap 'st=$?; rm -f "$err"; (exit $st); _cleanup' EXIT

# refused ARG...: ctload must refuse, naming the address.
refused() {
	local addr=$1
	shift
	ip netns exec "$NS" "$TOOLS/ctload" "$@" >/dev/null 2>"$err"
	local rc=$?
	[ "$rc" = 2 ] || die "ctload $* exited $rc, not 2"
	grep -q "refusing $addr: not a loopback address" "$err" ||
		die "ctload $* did not say why: $(cat "$err")"
}

for a in 10.0.0.1 192.168.1.1 128.0.0.1 126.255.255.255 0.0.0.0 255.255.255.255 224.0.0.1; do
	refused "$a" udp --dst "$a" --ports 9-10
	refused "$a" udp --src "$a" --dst 127.0.0.1 --ports 9-10
	refused "$a" tcp-timewait --count 1 --dst "$a"
	refused "$a" tcp-hold --count 1 --src "$a" --seconds 1
	refused "$a" ping --count 1 --dst "$a"
	refused "$a" fill --count 10 --sources "127.0.0.2-$a"
done
for a in :: ::2 fe80::1 2001:db8::1 ::ffff:127.0.0.1 ff02::1; do
	refused "$a" udp6 --dst "$a" --ports 9-10
	refused "$a" udp6 --src "$a" --ports 9-10
	refused "$a" ping --count 1 --dst "$a"
done
count=$(ip netns exec "$NS" cat /proc/sys/net/netfilter/nf_conntrack_count)
[ "$count" = 0 ] || die "refused commands left $count conntrack entries"

# The edges of 127.0.0.0/8 are accepted.
ip netns exec "$NS" "$TOOLS/ctload" udp --src 127.255.255.254 --dst 127.0.0.1 --ports 9-10 >/dev/null ||
	die "127.255.255.254 was refused"
count=$(ip netns exec "$NS" cat /proc/sys/net/netfilter/nf_conntrack_count)
[ "$count" = 2 ] || die "expected 2 entries from 127.255.255.254, found $count"

# Bad command lines are refused too, with usage.
for bad in "" "udp" "udp --ports 0-5" "udp --ports 9-1" "udp --ports 1-65536" "tcp-hold" \
	   "ping --count x" "fill --count 5 --sources 127.0.0.9-127.0.0.1" "nope" "udp --ports 1-2 extra"; do
	# shellcheck disable=SC2086 # split the arguments on purpose
	ip netns exec "$NS" "$TOOLS/ctload" $bad >/dev/null 2>"$err"
	rc=$?
	[ "$rc" = 2 ] || die "ctload $bad exited $rc, not 2"
	grep -q '^Usage: ctload' "$err" || die "ctload $bad printed no usage"
done
note "ctload refused every non-loopback address and made no traffic"
