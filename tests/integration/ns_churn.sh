#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Each namespace's top churner: one namespace made here gets a steady
# burst of new UDP flows from 127.0.0.7 (ctload churn), another holds a
# few flows from 127.0.0.9 and makes no new one. --all-netns --json names
# 127.0.0.7 as the busy one's top churner, at the rate conntrack -L sees
# its entries grow, and the quiet one has none (or its own source); so
# does --once --all-netns. No entry ever expires meanwhile (UDP timeout
# 600 s), so conntrack's count is every flow made.
. "$TESTLIB"
need_root

RATE=1000
BUSY=$(ns_create ctcb) || exit 1
QUIET=$(ns_create ctcq) || exit 1
for ns in "$BUSY" "$QUIET"; do ns_sysctl "$ns" nf_conntrack_udp_timeout 600; done
ip netns exec "$QUIET" "$TOOLS/ctload" udp --src 127.0.0.9 --dst 127.0.0.1 --ports 3000-3004 >/dev/null ||
	die "ctload in $QUIET failed"
ip netns exec "$BUSY" "$TOOLS/ctload" churn --rate $RATE --seconds $((120 * SLOW)) --src 127.0.0.7 \
	>/dev/null &
ns_track_pid $!
# churning: the count rises
for _ in $(seq $((50 * SLOW))); do
	[ "$(ip netns exec "$BUSY" conntrack -C)" -gt 100 ] && break
	sleep 0.1
done
[ "$(ip netns exec "$BUSY" conntrack -C)" -gt 100 ] || die "no churn in $BUSY"

t0=$(date +%s.%N)
before=$(ip netns exec "$BUSY" conntrack -C)
json=$("$CTDASH" --json --all-netns 2>"$TEST_TMP/err") || die "--json --all-netns failed: $(head -c 2000 "$TEST_TMP/err")"
after=$(ip netns exec "$BUSY" conntrack -C)
t1=$(date +%s.%N)
churner() { json_get "$json" ".namespaces[] | select(.name == \"$1\") | .top_churner$2"; }

[ "$(churner "$BUSY" .state)" = measured ] || die "$BUSY: no churner measured: $(churner "$BUSY" '')"
top=$(ct_top_src "$BUSY")
[ "$top" = 127.0.0.7 ] || die "conntrack -L's top source in $BUSY is '$top', not the burster"
[ "$(churner "$BUSY" .addr)" = "$top" ] || die "$BUSY: top churner $(churner "$BUSY" '') is not $top (conntrack -L)"
# the rate heard against the rate conntrack saw (entries made while ctdash ran)
seen=$(awk -v a="$after" -v b="$before" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.1f", (a - b) / (t1 - t0) }')
per_s=$(churner "$BUSY" .per_s)
awk -v r="$per_s" -v s="$seen" 'BEGIN { exit !(r >= s / 2.5 && r <= s * 2.5) }' ||
	die "$BUSY: $per_s new entries a second heard, conntrack saw $seen"
[ "$(churner "$BUSY" .workload)" = null ] || die "$BUSY: a workload for a loopback source: $(churner "$BUSY" .workload)"
note "$BUSY: top churner 127.0.0.7 at $per_s/s (conntrack: $seen/s)"
# the counts read again a second apart: the busy one grows, the quiet one not
growth() { json_get "$json" ".namespaces[] | select(.name == \"$1\") | .stats.count_growth_per_s"; }
awk -v g="$(growth "$BUSY")" -v s="$seen" 'BEGIN { exit !(g >= s / 2.5 && g <= s * 2.5) }' ||
	die "$BUSY: its count grew $(growth "$BUSY") a second, conntrack saw $seen"
[ "$(growth "$QUIET")" = 0 ] || die "$QUIET: its count grew $(growth "$QUIET") a second"

# the quiet one: nothing new there, so no churner but its own
state=$(churner "$QUIET" .state)
case "$state" in
quiet | not_watched) [ "$(churner "$QUIET" .addr)" = null ] || die "$QUIET: $state with an address" ;;
measured) [ "$(churner "$QUIET" .addr)" = 127.0.0.9 ] || die "$QUIET: a churner not its own: $(churner "$QUIET" '')" ;;
*) die "$QUIET: top churner $(churner "$QUIET" '')" ;;
esac
[ -n "$(churner "$QUIET" .why)" ] && [ "$(churner "$QUIET" .why)" != null ] || [ "$state" = measured ] ||
	die "$QUIET: $state says not why"
note "$QUIET: $state ($(churner "$QUIET" .why))"
# every namespace says something: measured, or why not
bad=$(json_get "$json" '[.namespaces[] | select(.top_churner == null or (.top_churner.state != "measured" and .top_churner.why == null))] | length')
[ "$bad" = 0 ] || die "$bad namespaces with no churner and no reason"

# --once --all-netns: the same, for people
"$CTDASH" --once --all-netns >"$TEST_TMP/once" 2>"$TEST_TMP/err" || die "--once --all-netns failed"
grep -q '^Top churner per namespace' "$TEST_TMP/once" || die "--once: no churner section: $(head -c 3000 "$TEST_TMP/once")"
grep -Eq "^  ${BUSY} +127\\.0\\.0\\.7 +[0-9.]+/s of [0-9.]+" "$TEST_TMP/once" ||
	die "--once: $BUSY's churner not shown: $(sed -n '/^Top churner/,$p' "$TEST_TMP/once" | head -c 3000)"
awk 'length($0) > 80 { exit 1 }' "$TEST_TMP/once" || die "--once: a line over 80 columns"
note "--once: $(grep "^  $BUSY " "$TEST_TMP/once")"
