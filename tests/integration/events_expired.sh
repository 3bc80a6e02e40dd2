#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Expired, not yet reaped (issue 22): the kernel removes an expired entry
# only when its collector or a dump walks over it, and only then sends
# DESTROY. The event engine ages entries itself from the timeouts their
# events carry, so after short TIME_WAIT entries run out its state
# breakdown equals a dump's, however late the kernel's collector comes;
# the entries it aged are a figure of their own (expired_unreaped, part of
# nf_conntrack_count), and the expiry rate stands beside the reaping rate
# (--json rates, --once's Expired line).
. "$TESTLIB"
need_root

NS=$(ns_create ctex) || exit 1
ns_sysctl "$NS" nf_conntrack_tcp_timeout_time_wait 2
# 40 held ESTABLISHED entries that stay
ip netns exec "$NS" "$TOOLS/ctload" tcp-hold --count 40 --src 127.0.0.7 --seconds 120 >"$TEST_TMP/hold" &
ns_track_pid $!
for ((i = 0; i < 100 * SLOW; i++)); do grep -q ready "$TEST_TMP/hold" && break; sleep 0.05; done
grep -q ready "$TEST_TMP/hold" || die "ctload tcp-hold did not get ready: $(head -c 500 "$TEST_TMP/hold")"

# the watch: events only, long enough for every TIME_WAIT timer (2 s) to
# run out well before its end (never a dump of ours in between)
watch=$((10 * SLOW))
ip netns exec "$NS" "$CTDASH" --json --source events --interval "$watch" >"$TEST_TMP/ev" 2>"$TEST_TMP/err" &
pid=$!
ns_track_pid "$pid"
ns_wait_listener "$NS"
ip netns exec "$NS" "$TOOLS/ctload" tcp-timewait --count 300 --src 127.0.0.3 >/dev/null || die "tcp churn failed"
wait "$pid" || die "ctdash --json --source events failed: $(head -c 500 "$TEST_TMP/err")"
# a dump a moment later (it reaps whatever expired and is left)
ip netns exec "$NS" "$CTDASH" --json --source dump >"$TEST_TMP/dump" || die "the dump failed"

fields='{l4: .l4, tcp: .tcp_states, flags: .flags, l3: .l3}'
ev=$(jq -c "$fields" "$TEST_TMP/ev")
dump=$(jq -c "$fields" "$TEST_TMP/dump")
note "events: $(jq -c '{count, events: (.events | {new, destroyed, expired, expired_unreaped, resynced}), rates: (.rates | {new_per_s, destroy_per_s, expire_per_s})}' "$TEST_TMP/ev")"
note "events: $ev"
note "dump:   $dump"
[ "$(jq -r .source "$TEST_TMP/ev")" = events ] || die "not in event mode: $(jq -c .events "$TEST_TMP/ev")"
[ "$(jq -r .events.resynced "$TEST_TMP/ev")" = false ] || die "the last figures came from a resync dump, not events"
[ "$(jq -r .events.new "$TEST_TMP/ev")" -ge 300 ] || die "too few new events: $(jq -c .events "$TEST_TMP/ev")"
# aged by the engine or reaped by the kernel: none is left in TIME_WAIT
[ "$(jq -r '.tcp_states.TIME_WAIT // 0' "$TEST_TMP/ev")" = 0 ] ||
	die "the event-kept picture still holds TIME_WAIT entries whose timers ran out: $ev"
[ "$(jq -r '.l4.tcp' "$TEST_TMP/ev")" = 40 ] || die "expected the 40 held connections: $ev"
[ "$ev" = "$dump" ] || die "the event-kept breakdown differs from a dump"
# every TIME_WAIT entry left: aged (expired) or destroyed by the kernel
gone=$(jq -r '.events.expired + .events.destroyed' "$TEST_TMP/ev")
[ "$gone" -ge 300 ] || die "only $gone of 300 entries counted as expired or destroyed: $(jq -c .events "$TEST_TMP/ev")"
# the figure of its own, and the rates side by side
for k in .events.expired_unreaped .events.expired .rates.expire_per_s .rates.destroy_per_s; do
	[ "$(jq -r "$k | type" "$TEST_TMP/ev")" = number ] || die "$k is not a number: $(jq -c "$k" "$TEST_TMP/ev")"
done
# unreaped ones are still in the kernel's count: never more than it holds
# beyond the live entries
unreaped=$(jq -r .events.expired_unreaped "$TEST_TMP/ev")
[ "$unreaped" -le 300 ] || die "expired_unreaped $unreaped, more than the 300 made"
if [ "$(jq -r .events.expired "$TEST_TMP/ev")" -gt 0 ]; then
	note "the engine aged $(jq -r .events.expired "$TEST_TMP/ev") entries itself before the kernel reaped them"
else
	# any dump on the host, of any namespace, reaps the expired entries it
	# walks over: on a busy host the kernel often wins the race
	note "the kernel reaped every entry before the engine aged it (test_events covers the aging)"
fi

# --once says it in a line of its own, the expiry rate beside the reaping one
out=$(ip netns exec "$NS" "$CTDASH" --once --source events --interval 1) || die "--once --source events failed"
grep -Eq '^Expired  [0-9,]+ not yet reaped by the kernel; expiring [0-9.]+/s, reaped [0-9.]+/s$' <<<"$out" ||
	die "--once has no Expired line: $out"
note "$(grep '^Expired' <<<"$out")"
echo "1 passed, 0 failed"
