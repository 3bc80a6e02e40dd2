#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The list view asks for its rows at once: with a refresh every 60 s, L
# and a new filter show their rows within seconds, not at the
# next refresh. Driven on a pty by tests/tools/keylat.
. "$TESTLIB"
need_root
[ -x "$TOOLS/keylat" ] || die "$TOOLS/keylat is not built"

NS=$(ns_create ctdlw) || exit 1
ns_sysctl "$NS" nf_conntrack_udp_timeout 3600
ip netns exec "$NS" "$TOOLS/ctload" udp --src 127.0.0.2 --dst 127.0.0.1 --ports 20000-20049 >/dev/null ||
	die "ctload failed"

# -d 600: a refresh a minute; every wait below is bounded by 20 s (-t)
out=$("$TOOLS/keylat" -S -w 30 -t 20 -p 200 -r 'distinct)' -i L -I 'showing 50 of 50' \
	-k '\\' -e 'Filter' -k 'dport 1\r' -e 'no entry' \
	-n 1 -x q -- "$CTDASH" -d 600 --netns "$NS" 2>&1) ||
	die "the list did not come in 20 s with a 60 s refresh: $out"
note "$(tr '\n' ' ' <<<"$out")"
grep -q '^child exit=0' <<<"$out" || die "ctdash did not exit cleanly: $out"
echo "1 passed, 0 failed"
