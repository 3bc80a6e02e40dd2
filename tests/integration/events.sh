#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The event engine against the real kernel (issue 9), in namespaces of its
# own, through ctdash --json --interval:
#  1. after TCP churn, a UDP flood and ICMP, with short timeouts so they
#     expire, the event-kept breakdown equals a fresh dump (and conntrack);
#  2. rates within 20% of a generator's known rate; the churner first in
#     top_new_sources, a bigger quiet holder not in it; forged events from
#     a process of the namespace (not the kernel) ignored;
#  3. events lost to a tiny receive buffer are counted and a resync makes
#     the figures exact again;
#  4. nf_conntrack_events = 0: dumps, and the JSON says why.
. "$TESTLIB"
need_root
pass=0
fields='{count: .count, l4: .l4, tcp: .tcp_states, flags: .flags, l3: .l3}'

# --- 1. churn, then quiet: events equal a dump --------------------------------
NS=$(ns_create ctdi-ev) || exit 1
ns_sysctl "$NS" nf_conntrack_tcp_timeout_time_wait 2
ns_sysctl "$NS" nf_conntrack_udp_timeout 2
ns_sysctl "$NS" nf_conntrack_icmp_timeout 2
ip netns exec "$NS" "$TOOLS/ctload" tcp-hold --count 40 --src 127.0.0.7 --seconds 120 >"$TEST_TMP/hold" &
ns_track_pid $!
for _ in $(seq 50); do grep -q ready "$TEST_TMP/hold" && break; sleep 0.1; done
# the watch runs while the churn comes and goes; GC removes expired
# entries some seconds after they expire
ip netns exec "$NS" "$CTDASH" --json --interval 28 >"$TEST_TMP/ev1" 2>"$TEST_TMP/err1" &
pid=$!
ns_track_pid "$pid"
ns_wait_listener "$NS"
ip netns exec "$NS" "$TOOLS/ctload" tcp-timewait --count 300 --src 127.0.0.3 >/dev/null || die "tcp churn failed"
ip netns exec "$NS" "$TOOLS/ctload" udp --src 127.0.0.2 --dst 127.0.0.1 --ports 20000-21999 >/dev/null || die "udp flood failed"
ip netns exec "$NS" "$TOOLS/ctload" ping --count 20 >/dev/null || die "ping failed"
# The kernel's GC may take up to a minute to reach expired entries when
# the host's table holds long-lived ones; a dump removes the expired
# entries it meets at once, and the kernel sends their destroy events.
# So reap them by dumping until only the 40 held entries are left,
# rather than hoping the GC comes within the watch.
for _ in $(seq 40); do
	ip netns exec "$NS" conntrack -L >/dev/null 2>&1
	[ "$(ip netns exec "$NS" conntrack -C)" -le 40 ] && break
	sleep 0.5
done
wait "$pid" || die "ctdash --json --interval failed: $(head -c 500 "$TEST_TMP/err1")"
ip netns exec "$NS" "$CTDASH" --json --source dump >"$TEST_TMP/dump1" || die "dump failed"
ev=$(jq -c "$fields" "$TEST_TMP/ev1")
dump=$(jq -c "$fields" "$TEST_TMP/dump1")
note "events: $ev"
note "dump:   $dump"
[ "$(jq -r .source "$TEST_TMP/ev1")" = events ] || die "not in event mode: $(jq -c .events "$TEST_TMP/ev1")"
[ "$(jq -r .events.resynced "$TEST_TMP/ev1")" = false ] || die "the last figures came from a resync dump, not events"
[ "$(jq -r .events.new "$TEST_TMP/ev1")" -ge 2320 ] || die "too few new events: $(jq -c .events "$TEST_TMP/ev1")"
[ "$(jq -r .events.destroyed "$TEST_TMP/ev1")" -ge 2300 ] ||
	die "churn did not expire within the watch: $(jq -c .events "$TEST_TMP/ev1")"
[ "$(jq -r '.l4.tcp' "$TEST_TMP/ev1")" = 40 ] || die "expected the 40 held connections: $ev"
[ "$ev" = "$dump" ] || die "the event-kept breakdown differs from a dump"
[ "$(ip netns exec "$NS" conntrack -C)" = "$(jq -r .entries_dumped "$TEST_TMP/ev1")" ] || die "conntrack -C disagrees"
pass=$((pass + 1))

# --- 2. rates, attribution, forged events --------------------------------------
NS2=$(ns_create ctdi-rate) || exit 1
ip netns exec "$NS2" "$TOOLS/ctload" fill --count 20000 --sources 127.0.0.9-127.0.0.9 >/dev/null || die "fill failed"
# the generator outlasts the watch, however long ctdash's first read takes
ip netns exec "$NS2" "$TOOLS/ctload" churn --rate 1000 --seconds 30 --src 127.0.0.5 >"$TEST_TMP/gen2" &
gen=$!
ns_track_pid $gen
sleep 1
ip netns exec "$NS2" "$CTDASH" --json --interval 5 >"$TEST_TMP/ev2" 2>"$TEST_TMP/err2" &
pid=$!
ns_track_pid "$pid"
forged=$(ip netns exec "$NS2" "$TOOLS/ctforge" events 4)
wait "$pid" || die "ctdash --json --interval failed: $(head -c 500 "$TEST_TMP/err2")"
note "rates: $(jq -c .rates "$TEST_TMP/ev2") makers: $(jq -c .top_new_sources "$TEST_TMP/ev2")"
note "ctforge events: $forged; ctdash: $(jq -c .events "$TEST_TMP/ev2")"
kill "$gen" 2>/dev/null
rate=$(jq -r '.rates.new_per_s | floor' "$TEST_TMP/ev2")
[ "$rate" -ge 800 ] && [ "$rate" -le 1200 ] || die "new_per_s $rate, the generator makes 1000/s"
[ "$(jq -r '.top_new_sources[0].addr' "$TEST_TMP/ev2")" = 127.0.0.5 ] || die "the churner is not first"
jq -r '.top_new_sources[].addr' "$TEST_TMP/ev2" | grep -qx 127.0.0.9 && die "the quiet holder is among the makers"
[ "$(jq -r '.top_sources[0].addr' "$TEST_TMP/ev2")" = 127.0.0.9 ] || die "the holder should hold the most"
jq -r '.top_new_sources[].addr' "$TEST_TMP/ev2" | grep -qx 127.66.66.66 && die "a forged event was counted"
[ "$(printf '%s\n' "$forged" | sed -n 's/.*delivered=\([0-9]*\).*/\1/p')" -gt 0 ] || die "ctforge delivered nothing: $forged"
[ "$(jq -r .events.foreign "$TEST_TMP/ev2")" -gt 0 ] || die "no forged datagram was seen and dropped"
pass=$((pass + 1))

# --- 3. lost events: shown, and a resync makes it exact -----------------------
# (a tiny socket buffer forces the losses: a test hook)
need_test_hooks
NS3=$(ns_create ctdi-loss) || exit 1
ip netns exec "$NS3" "$TOOLS/ctload" churn --rate 20000 --seconds 3 --src 127.0.0.4 >/dev/null &
ns_track_pid $!
CTDASH_TEST_EVENT_RCVBUF=4096 ip netns exec "$NS3" "$CTDASH" --json --interval 5 >"$TEST_TMP/ev3" ||
	die "ctdash failed under loss"
note "loss: $(jq -c .events "$TEST_TMP/ev3")"
[ "$(jq -r .events.lost "$TEST_TMP/ev3")" -gt 0 ] || die "no loss counted with a 4 KiB buffer"
[ "$(jq -r .events.resyncs "$TEST_TMP/ev3")" -ge 2 ] || die "no resync after the loss"
ip netns exec "$NS3" "$CTDASH" --json --source dump >"$TEST_TMP/dump3" || die "dump failed"
[ "$(jq -r .events.resynced "$TEST_TMP/ev3")" = true ] || die "the loss at the end did not bring a resync"
[ "$(jq -c "$fields | del(.count)" "$TEST_TMP/ev3")" = "$(jq -c "$fields | del(.count)" "$TEST_TMP/dump3")" ] ||
	die "after the resync the figures differ from a dump"
pass=$((pass + 1))

# --- 4. events off in the namespace: dumps, and why ---------------------------
NS4=$(ns_create ctdi-noev) || exit 1
ns_sysctl "$NS4" nf_conntrack_events 0
ip netns exec "$NS4" "$TOOLS/ctload" udp --src 127.0.0.2 --dst 127.0.0.1 --ports 20000-20099 >/dev/null
out=$(ip netns exec "$NS4" "$CTDASH" --json --interval 1) || die "ctdash failed with events off"
[ "$(json_get "$out" .source)" = dump ] || die "events off, yet source $(json_get "$out" .source)"
json_get "$out" .events.why | grep -q 'nf_conntrack_events=0' || die "no reason given: $(json_get "$out" .events)"
[ "$(json_get "$out" .entries_dumped)" = 100 ] || die "dump mode counted $(json_get "$out" .entries_dumped)"
ip netns exec "$NS4" "$CTDASH" --once --interval 1 | grep -q '^Source   dump: events off' || die "--once does not say why"
pass=$((pass + 1))

echo "$pass passed, 0 failed"
