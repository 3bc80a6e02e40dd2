#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Heavy churn beside a table (issue 21): while --source auto samples, the
# exporter's dumps are paced to a few percent of a core while they run
# (SAMPLING_DUMP_PACE, 4%), so no stretch of time carries a whole dump of
# a big table, and partial refreshes keep the snapshot served fresh:
#  1. 15,000 new flows a second beside 30,000 entries: auto samples;
#  2. a dump taken while sampling lasts at least half its CPU over the
#     pace (the last read's CPU comes after the last wait; unpaced, a
#     dump lasts about its CPU: this failed before pacing);
#  3. no snapshot served meanwhile is older than two intervals.
# (The count against nf_conntrack_count: tests/integration/sampling.sh.)
. "$TESTLIB"
. "$(dirname "$0")/../lib/promlib.sh"
need_root

NS=$(ns_create ctdi-pace) || exit 1
ns_sysctl "$NS" nf_conntrack_udp_timeout 600
ip netns exec "$NS" "$TOOLS/ctload" fill --count 30000 --sources 127.0.1.1-127.0.1.200 >/dev/null ||
	die "ctload fill failed"
ns_sysctl "$NS" nf_conntrack_udp_timeout 3 # the churn's: the table stays small
port=$(free_port)
"$CTDASH" --netns "$NS" --listen "127.0.0.1:$port" -d 10 --source auto 2>"$TEST_TMP/err" &
pid=$!
ns_track_pid $pid
wait_http "http://127.0.0.1:$port/metrics" $((30 * SLOW))
# the churn lasts the test (killed at the end): a pause would bring every
# event back
ip netns exec "$NS" "$TOOLS/ctload" churn --rate 15000 --seconds 600 --src 127.0.0.9 >/dev/null &
ns_track_pid $!

# scrape every 0.5 s until a dump that began while sampling has ended
# (the resync count went up twice since sampling engaged: the first may
# have begun before), or the deadline
deadline=$(($(date +%s) + 120 * SLOW))
resyncs0= age_max=0 body=
while [ "$(date +%s)" -lt "$deadline" ]; do
	body=$(curl -s --max-time 2 "http://127.0.0.1:$port/metrics")
	# a scrape that timed out (a loaded machine) says nothing of sampling
	[ -n "$body" ] || { sleep 0.5; continue; }
	k=$(prom_value "$body" ctdash_events_sampled_1_in)
	resyncs=$(prom_value "$body" ctdash_resyncs_total)
	if [ -n "$k" ] && [ "$k" -gt 1 ]; then
		[ -z "$resyncs0" ] && resyncs0=$resyncs
		age=$(prom_value "$body" ctdash_snapshot_age_seconds)
		age_max=$(awk -v a="$age" -v m="$age_max" 'BEGIN { print (a > m ? a : m) }')
		[ "$resyncs" -ge $((resyncs0 + 2)) ] && break
	elif [ -n "$resyncs0" ]; then
		die "sampling stopped under steady churn: k $k"
	fi
	sleep 0.5
done
[ -n "$resyncs0" ] || die "auto did not sample at 15,000 new flows/s: $(printf '%s\n' "$body" | grep -E '^ctdash_(events|resyncs)')"
[ "$resyncs" -ge $((resyncs0 + 2)) ] || die "no dump ended while sampling within $((120 * SLOW)) s"
wall=$(prom_value "$body" ctdash_dump_seconds)
cpu=$(prom_value "$body" ctdash_dump_cpu_seconds)
note "sampled 1 in $k; the last dump: ${wall} s for ${cpu} s of CPU; snapshot age at most ${age_max} s"
awk -v w="$wall" -v c="$cpu" 'BEGIN { exit !(c > 0 && w >= 0.5 * c / 0.04) }' ||
	die "the dump while sampling was not paced: ${wall} s for ${cpu} s of CPU"
awk -v a="$age_max" -v s="$SLOW" 'BEGIN { exit !(a <= 2 * s) }' ||
	die "a snapshot ${age_max} s old was served (interval 1 s)"
kill $pid
wait $pid 2>/dev/null
echo "3 passed, 0 failed"
