#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Without CAP_NET_ADMIN the entry table cannot be read: ctdash says so in
# a sentence, exits 0, and still shows what /proc gives (count, max,
# buckets, timeouts, and the kernel's counters from
# /proc/net/stat/nf_conntrack), in --json and in --once.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/ctlist.sh"
need_root
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing" >&2; exit "$HARD"; }

NS=$(ns_create ctdi) || exit 1
long_timeouts "$NS"
ns_sysctl "$NS" nf_conntrack_tcp_timeout_time_wait 77
ip netns exec "$NS" "$TOOLS/ctload" udp --ports 41000-41022 >/dev/null || die "ctload udp failed"
count=$(ip netns exec "$NS" cat /proc/sys/net/netfilter/nf_conntrack_count)
[ "$count" = 23 ] || die "expected 23 entries in $NS, found $count"
max=$(cat /proc/sys/net/netfilter/nf_conntrack_max)
buckets=$(cat /proc/sys/net/netfilter/nf_conntrack_buckets)

# Root without CAP_NET_ADMIN (CAP_SYS_ADMIN stays, to enter the namespace).
unprivileged() { setpriv --inh-caps=-net_admin --bounding-set=-net_admin "$@"; }
# ctcapture is always built (ctfloor is not): with the capability it
# dumps the table, without it it cannot, or it was not dropped
ip netns exec "$NS" "$TOOLS/ctcapture" "$TEST_TMP/with.nlmsg" >/dev/null 2>&1 ||
	die "ctcapture cannot dump the table even with CAP_NET_ADMIN"
ip netns exec "$NS" setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
	"$TOOLS/ctcapture" "$TEST_TMP/without.nlmsg" >/dev/null 2>&1 &&
	die "the dump still works without CAP_NET_ADMIN: the capability was not dropped"

json=$(unprivileged "$CTDASH" --json --netns "$NS") || die "ctdash --json exited $? without CAP_NET_ADMIN"
check() {
	local got
	got=$(json_get "$json" "$1")
	[ "$got" = "$2" ] || die "without CAP_NET_ADMIN, $1: expected $2, got $got"
}
check .count "$count"
check .max "$max"
check .buckets "$buckets"
check .timeouts.nf_conntrack_tcp_timeout_time_wait 77
check .l4 null
# the counters from /proc/net/stat/nf_conntrack, not "needs CAP_NET_ADMIN"
check .stats.drop 0
check .stats.early_drop 0
json_get "$json" .problems.stats | grep -q null ||
	die "a problem is said of the counters: $(json_get "$json" .problems)"
json_get "$json" .problems.dump | grep -q 'needs CAP_NET_ADMIN' ||
	die "no sentence saying the dump needs CAP_NET_ADMIN: $(json_get "$json" .problems)"

once=$(unprivileged "$CTDASH" --once --netns "$NS") || die "ctdash --once exited $? without CAP_NET_ADMIN"
want_line() {
	echo "$once" | grep -Eq "$1" || die "--once without CAP_NET_ADMIN lacks /$1/:
$once"
}
want_line "^Table +$count of [0-9,]+ entries"
want_line "^Buckets +[0-9,]+"
want_line "tcp_timeout_time_wait +1m17s"
want_line "needs CAP_NET_ADMIN"
want_line "^Drops +drop 0 early_drop 0 insert_failed 0 \(since boot"
long=$(over_80 "$once")
[ -z "$long" ] || die "--once lines over 80 columns:
$long"
note "without CAP_NET_ADMIN: count $count, max $max, buckets $buckets, timeouts shown"
