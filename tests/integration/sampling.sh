#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Heavy churn (issue 21): --source auto stops hearing every event when
# that would cost the host more than a few percent of a core, and samples
# NEW 1 in k instead, in a namespace of its own:
#  1. 15,000 new UDP flows a second for 6 s (kept: no expiry in the
#     watch): auto engages sampling and says why; the count stays within
#     1% of nf_conntrack_count; the new/s rate and the churner's rate, seen
#     1/k of the time and scaled by k, are within 25% of the generator's;
#  2. --source events keeps hearing every event (the old behaviour).
. "$TESTLIB"
need_root
pass=0
RATE=15000
NS=$(ns_create ctdi-smp) || exit 1
ns_sysctl "$NS" nf_conntrack_udp_timeout 120

# watch RUN SOURCE: ctdash --json --interval 10 while ctload makes RATE
# new flows a second for 6 s from 127.0.0.$RUN, then the count at the end
watch() {
	ip netns exec "$NS" "$CTDASH" --json --interval 10 --source "$2" >"$TEST_TMP/w$1" 2>"$TEST_TMP/e$1" &
	local pid=$!
	ns_track_pid "$pid"
	# the churn starts once ctdash listens: a fixed sleep lost the churn's
	# first second whenever ctdash started late (a loaded machine, ASan)
	ns_wait_listener "$NS"
	ip netns exec "$NS" "$TOOLS/ctload" churn --rate $RATE --seconds 6 --src "127.0.0.$1" \
		>"$TEST_TMP/g$1" || die "ctload churn failed"
	wait "$pid" || die "ctdash --json --interval failed: $(head -c 500 "$TEST_TMP/e$1")"
	ip netns exec "$NS" cat /proc/sys/net/netfilter/nf_conntrack_count >"$TEST_TMP/n$1"
	note "$2: $(jq -c '{count, events: .events, rates: .rates, top: .top_new_sources[0]}' "$TEST_TMP/w$1")"
	note "generator: $(cat "$TEST_TMP/g$1"); nf_conntrack_count after: $(cat "$TEST_TMP/n$1")"
}
# within PCT GOT WANT
within() { awk -v p="$1" -v g="$2" -v w="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(w > 0 && d <= w * p / 100) }'; }

# --- 1. auto samples ------------------------------------------------------------
watch 7 auto
w=$TEST_TMP/w7
k=$(jq -r .events.sampled_1_in "$w")
[ "$(jq -r .source "$w")" = events ] || die "not in event mode: $(jq -c .events "$w")"
[ "$k" -gt 1 ] || die "sampling did not engage at $RATE new/s: $(jq -c .events "$w")"
jq -r .events.why "$w" | grep -q 'would cost' || die "auto does not say why it samples: $(jq -r .events.why "$w")"
# and what a message costs, ctdash's part and the kernel's, and whence
jq -r .events.why "$w" | grep -qE '[0-9.]+ us \+ kernel [0-9.]+ us \((measured|assumed)\) a message' ||
	die "auto does not say what a message costs: $(jq -r .events.why "$w")"
jq -e '.events.kernel_us > 0 and .events.own_us > 0 and (.events.kernel_measured | type == "boolean")' "$w" >/dev/null ||
	die "no per-message figures in --json: $(jq -c .events "$w")"
# heard about 1/k of the time
share=$(jq -r .events.listened_share "$w")
within 30 "$share" "$(awk -v k="$k" 'BEGIN { print 1 / k }')" || die "heard $share of the time, not 1/$k"
# the count: nf_conntrack_count's, whatever was heard (no flow expires here)
within 1 "$(jq -r .count "$w")" "$(cat "$TEST_TMP/n7")" || die "count $(jq -r .count "$w") off nf_conntrack_count $(cat "$TEST_TMP/n7")"
# the sampled rates scaled by k: the generator's flows over the 10 s watch
made=$(awk '{ print $2 }' "$TEST_TMP/g7")
within 25 "$(jq -r '.rates.new_per_s * .rates.window_s' "$w")" "$made" ||
	die "sampled new flows $(jq -r '.rates.new_per_s * .rates.window_s' "$w") not within 25% of the $made made"
[ "$(jq -r '.top_new_sources[0].addr' "$w")" = 127.0.0.7 ] || die "the churner is not the top new source"
pass=$((pass + 1))

# --- 2. --source events: every event, as before -----------------------------------
ip netns exec "$NS" conntrack -F 2>/dev/null # the first run's entries: room in the global table
watch 8 events
w=$TEST_TMP/w8
[ "$(jq -r .events.sampled_1_in "$w")" = 1 ] || die "--source events sampled: $(jq -c .events "$w")"
[ "$(jq -r .events.new "$w")" -ge $((RATE * 6 * 95 / 100)) ] || die "--source events missed new events: $(jq -c .events "$w")"
pass=$((pass + 1))

echo "sampling: $pass/2 passed"
