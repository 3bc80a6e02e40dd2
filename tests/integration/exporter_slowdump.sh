#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The exporter while a dump runs long (issue 16 item 10): a flood of new
# flows made dumps take 30 s and more, and the exporter served the last
# snapshot all that while (66 s old, 103,086 entries for a table of 55).
# Now a partial refresh (entries, limit, counters, host) is published every
# interval whatever the dump does, flagged ctdash_snapshot_partial, with
# the breakdowns' own time. The slow dump is made by the test hook
# CTDASH_TEST_DUMP_PAUSE_MS (a pause after every datagram of a dump:
# about 6 s for 3,000 entries), so the test does not depend on the load.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/ctlist.sh"
. "$(dirname "$TESTLIB")/promlib.sh"
need_root
need_prometheus
need_test_hooks

NS=$(ns_create ctsdx) || exit 1
long_timeouts "$NS"
PORT=$(free_port "$NS")
# the scrapes must not add entries to the table they count
notrack_port "$NS" "$PORT"
ip netns exec "$NS" "$TOOLS/ctload" udp --ports 3000-5999 >/dev/null || die "ctload udp failed"
CTDASH_TEST_DUMP_PAUSE_MS=300 ip netns exec "$NS" "$CTDASH" --listen "127.0.0.1:$PORT" \
	--delay 10 --source dump 2>"$TEST_TMP/ctdash.err" &
ns_track_pid $!
wait_http "http://127.0.0.1:$PORT/metrics" 30 "$NS"

scrape() { ip netns exec "$NS" curl -s --max-time 2 "http://127.0.0.1:$PORT/metrics"; }
# 14 s of scrapes, twice a second: the dumps take about 6 s and are
# stretched 12 s apart; 500 more flows come in the middle
worst=0
partial=0
seen_new=
for i in $(seq 28); do
	[ "$i" = 8 ] && { ip netns exec "$NS" "$TOOLS/ctload" udp --ports 7000-7499 >/dev/null ||
		die "ctload udp failed"; added_at=$SECONDS; }
	body=$(scrape)
	age=$(prom_value "$body" ctdash_snapshot_age_seconds)
	[ -n "$age" ] || die "scrape $i has no age"
	worst=$(awk -v a="$age" -v w="$worst" 'BEGIN { print (a > w) ? a : w }')
	[ "$(prom_value "$body" ctdash_snapshot_partial)" = 1 ] && partial=$((partial + 1))
	if [ -n "${added_at:-}" ] && [ -z "$seen_new" ] &&
		num_eq "$(prom_value "$body" ctdash_entries)" "$(ip netns exec "$NS" conntrack -C)"; then
		seen_new=$((SECONDS - added_at))
	fi
	sleep 0.5
done
note "[${SECONDS}s] snapshot age at most $worst s over 28 scrapes; $partial partial; 500 new flows shown after ${seen_new:-never} s"
awk -v w="$worst" 'BEGIN { exit !(w <= 2.5) }' ||
	die "a snapshot $worst s old was served, with a 1 s interval"
[ "$partial" -ge 3 ] || die "only $partial partial refreshes while the dumps ran long"
[ -n "$seen_new" ] && [ "$seen_new" -le 3 ] ||
	die "the new flows reached ctdash_entries after ${seen_new:-never} s"
body=$(scrape)
breakdown=$(prom_value "$body" ctdash_breakdown_timestamp_seconds)
taken=$(prom_value "$body" ctdash_snapshot_timestamp_seconds)
awk -v b="$breakdown" -v t="$taken" 'BEGIN { exit !(b > 0 && b <= t) }' ||
	die "breakdown time $breakdown against snapshot time $taken"
[ "$(prom_value "$body" ctdash_refresh_interval_seconds)" = 1 ] ||
	die "ctdash_refresh_interval_seconds is not 1"
printf '%s\n' "$body" | promtool check metrics >"$TEST_TMP/lint" 2>&1 ||
	die "promtool check metrics: $(head -c 2000 "$TEST_TMP/lint")"
[ ! -s "$TEST_TMP/ctdash.err" ] || die "ctdash wrote to stderr: $(head -c 500 "$TEST_TMP/ctdash.err")"
echo "1 passed, 0 failed"
