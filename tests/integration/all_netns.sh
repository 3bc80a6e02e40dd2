#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --all-netns against two named namespaces and an unnamed one that only an
# `unshare -n` process holds: exact counts, fill, holder, the timeouts that
# differ from the initial namespace's, a netns label on every Prometheus
# series; and without CAP_SYS_ADMIN, a sentence saying so and what could
# still be read.
. "$TESTLIB"
need_root
command -v unshare >/dev/null || { echo "unshare (util-linux) is missing" >&2; exit $HARD; }
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing" >&2; exit $HARD; }

A=$(ns_create ctna) || exit 1
B=$(ns_create ctnb) || exit 1
for ns in "$A" "$B"; do ns_sysctl "$ns" nf_conntrack_udp_timeout 3600; done
ns_sysctl "$B" nf_conntrack_icmp_timeout 7
ip netns exec "$A" "$TOOLS/ctload" udp --ports 3000-3006 >/dev/null || die "ctload in $A failed"
ip netns exec "$B" "$TOOLS/ctload" udp --ports 3000-3011 >/dev/null || die "ctload in $B failed"

# the unnamed one: a process in a namespace of its own, no /run/netns name
ready=$TEST_TMP/unnamed.ready
cat >"$TEST_TMP/unnamed.sh" <<SH
ip link set lo up
nft -f - <<'NFT'
table inet ctdash_test {
	chain out { type filter hook output priority 0; policy accept; ct state new,established,related accept; }
}
NFT
echo 3600 > /proc/sys/net/netfilter/nf_conntrack_udp_timeout
"$TOOLS/ctload" udp --ports 4000-4004 >/dev/null
touch "$ready"
exec sleep 300
SH
unshare -n bash "$TEST_TMP/unnamed.sh" &
holder=$!
ns_track_pid "$holder"
for _ in $(seq 100); do [ -e "$ready" ] && break; sleep 0.1; done
[ -e "$ready" ] || die "the unshare -n process did not get ready"
for _ in $(seq 50); do [ "$(cat "/proc/$holder/comm")" = sleep ] && break; sleep 0.1; done
ino=$(stat -L -c %i "/proc/$holder/ns/net")

count_a=$(ip netns exec "$A" conntrack -C)
count_b=$(ip netns exec "$B" conntrack -C)
count_u=$(nsenter -t "$holder" -n conntrack -C)
[ "$count_a" = 7 ] && [ "$count_b" = 12 ] && [ "$count_u" = 5 ] ||
	die "the kernel counts $count_a, $count_b, $count_u, not 7, 12, 5"
max=$(cat /proc/sys/net/netfilter/nf_conntrack_max)

json=$("$CTDASH" --json --all-netns 2>"$TEST_TMP/err") || die "--json --all-netns failed: $(cat "$TEST_TMP/err")"
one() { json_get "$json" ".namespaces[] | select($1)"; }
a=$(one ".name == \"$A\"")
b=$(one ".name == \"$B\"")
u=$(one ".inode == $ino")
[ -n "$a" ] && [ -n "$b" ] && [ -n "$u" ] || die "a namespace is missing: $(json_get "$json" '[.namespaces[].netns]')"
[ "$(json_get "$a" .count)" = 7 ] || die "$A: count $(json_get "$a" .count), not 7"
[ "$(json_get "$b" .count)" = 12 ] || die "$B: count $(json_get "$b" .count), not 12"
[ "$(json_get "$u" .count)" = 5 ] || die "unnamed: count $(json_get "$u" .count), not 5"
[ "$(json_get "$u" .netns)" = "inode:$ino" ] || die "unnamed is labelled $(json_get "$u" .netns)"
[ "$(json_get "$u" .name)" = null ] || die "unnamed has a name"
json_get "$u" '.pids[]' | grep -qx "$holder" || die "unnamed does not list its holder $holder"
[ "$(json_get "$u" .comm)" = sleep ] || die "unnamed's command is $(json_get "$u" .comm), not sleep"
fill=$(json_get "$b" .fill)
awk -v f="$fill" -v m="$max" 'BEGIN { exit !(f > 12 / m - 1e-6 && f < 12 / m + 1e-6) }' ||
	die "$B: fill $fill, not 12/$max"
[ "$(json_get "$b" '.timeouts_differing.nf_conntrack_icmp_timeout')" = 7 ] || die "$B: icmp timeout 7 not listed"
[ "$(json_get "$b" '.timeouts_differing.nf_conntrack_udp_timeout')" = 3600 ] || die "$B: udp timeout not listed"
[ "$(json_get "$a" '.timeouts_differing | has("nf_conntrack_icmp_timeout")')" = false ] ||
	die "$A: an icmp timeout equal to the initial's is listed"
[ "$(json_get "$json" '[.namespaces[] | select(.initial)] | length')" = 1 ] || die "not one initial namespace"
# fullest first
order=$(json_get "$json" "[.namespaces[] | select(.count != null) | .count] | . == (sort | reverse)")
[ "$order" = true ] || die "the namespaces are not sorted by fill"
[ "$(json_get "$json" .namespaces_problem)" = null ] || die "a problem as root: $(json_get "$json" .namespaces_problem)"
note "json: $A 7, $B 12, inode:$ino 5 (held by $holder), $(json_get "$json" '.namespaces | length') namespaces"

# Prometheus: every series carries netns; the same counts
prom=$("$CTDASH" --prometheus --all-netns 2>/dev/null) || die "--prometheus --all-netns failed"
unlabelled=$(grep -v '^#' <<<"$prom" | grep -v 'netns="' | grep -v '^ctdash_netns_scan_seconds ' | grep -v '^ctdash_netns_series_folded ')
[ -z "$unlabelled" ] || die "series without netns: $(head -3 <<<"$unlabelled")"
grep -qx "ctdash_entries{netns=\"$A\"} 7" <<<"$prom" || die "no ctdash_entries 7 for $A"
grep -qx "ctdash_entries{netns=\"inode:$ino\"} 5" <<<"$prom" || die "no ctdash_entries 5 for the unnamed one"
grep -qx "ctdash_timeout_seconds{netns=\"$B\",sysctl=\"nf_conntrack_icmp_timeout\"} 7" <<<"$prom" ||
	die "no differing timeout for $B"
if command -v promtool >/dev/null; then
	printf '%s\n' "$prom" | promtool check metrics >"$TEST_TMP/lint" 2>&1 ||
		die "promtool check metrics: $(head -c 1000 "$TEST_TMP/lint")"
fi

# without CAP_SYS_ADMIN: said, and what can be read is still reported
json=$(setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin "$CTDASH" --json --all-netns 2>"$TEST_TMP/err") ||
	die "--all-netns without CAP_SYS_ADMIN failed: $(cat "$TEST_TMP/err")"
grep -q CAP_SYS_ADMIN "$TEST_TMP/err" || die "stderr does not name CAP_SYS_ADMIN: $(cat "$TEST_TMP/err")"
json_get "$json" .namespaces_problem | grep -q CAP_SYS_ADMIN || die "namespaces_problem does not name CAP_SYS_ADMIN"
a=$(one ".name == \"$A\"")
[ "$(json_get "$a" .count)" = null ] || die "$A has a count without CAP_SYS_ADMIN"
u=$(one ".inode == $ino")
json_get "$u" '.pids[]' | grep -qx "$holder" || die "without CAP_SYS_ADMIN the holder is not listed"
self=$(stat -L -c %i /proc/self/ns/net)
[ "$(json_get "$json" ".namespaces[] | select(.inode == $self) | .count")" != null ] ||
	die "without CAP_SYS_ADMIN ctdash's own count is not read"
note "without CAP_SYS_ADMIN: $(json_get "$json" .namespaces_problem)"

# namespaces that come and go while the table is read (containers on a
# busy host): one that ended in between is left out, not "could not be
# read: No such file or directory" (seen in 11 of 40 reads before)
( for ((i = 0; i < 4000; i++)); do unshare -n sleep 0.01 & sleep 0.005; done; wait ) &
churn=$!
ns_track_pid "$churn"
for ((i = 0; i < 20; i++)); do
	json=$("$CTDASH" --json --all-netns 2>"$TEST_TMP/err") || die "--all-netns failed: $(cat "$TEST_TMP/err")"
	[ "$(json_get "$json" .namespaces_problem)" = null ] ||
		die "read $i: a namespace that ended is a problem: $(json_get "$json" .namespaces_problem)"
done
kill "$churn" 2>/dev/null
note "20 reads while namespaces came and went: no problem reported"
echo "1 passed, 0 failed"
