#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --netns-pid PID reads the namespace of that process: the same table and
# sysctls as --netns NAME.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/ctlist.sh"
need_root

NS=$(ns_create ctdi) || exit 1
long_timeouts "$NS"
ns_sysctl "$NS" nf_conntrack_tcp_timeout_time_wait 91
ip netns exec "$NS" "$TOOLS/ctload" udp --src 127.0.0.7 --dst 127.0.0.1 --ports 40000-40016 >/dev/null ||
	die "ctload udp failed"
ip netns exec "$NS" "$TOOLS/ctload" tcp-timewait --count 4 >/dev/null || die "ctload tcp-timewait failed"
start_holder "$NS" 6 127.0.0.8

by_pid=$(ctdash_matches "$NS" --netns-pid "$holder_pid") || exit 1
by_name=$("$CTDASH" --json --top 100 --netns "$NS") || die "ctdash --netns failed"
table='{count, entries_dumped, l3, l4, tcp_states, flags, top_sources, timeouts}'
same "--netns-pid $holder_pid and --netns $NS" "$(json_get "$by_name" "$table")" \
	"$(json_get "$by_pid" "$table")"
[ "$(json_get "$by_pid" .count)" = 27 ] || die "expected 27 entries, got $(json_get "$by_pid" .count)"
[ "$(json_get "$by_pid" .timeouts.nf_conntrack_tcp_timeout_time_wait)" = 91 ] ||
	die "--netns-pid does not report the namespace's time_wait timeout"

# The caller's own namespace is a different table: the test's flows are
# not in it.
own=$("$CTDASH" --json --top 100) || die "ctdash without a namespace failed"
json_get "$own" '.top_sources[] | select(.addr == "127.0.0.7")' | grep -q . &&
	die "the initial namespace shows this test's source 127.0.0.7"
note "--netns-pid $holder_pid matches --netns $NS"
