#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --listen under a slowloris attack (issue 16 item 5): connections that
# send one byte a second are never idle, so the idle timeout alone let
# them hold every slot and /metrics went unanswered. Now one address holds
# at most HTTPD_PER_ADDRESS (32) connections, and every exchange has a
# deadline (HTTPD_EXCHANGE_SECONDS, 10 s). Checked with tests/tools/
# slowloris, all in a namespace of the test's own on its loopback:
#  A. 300 slow connections from one address: a scrape is answered at once;
#  B. 400 from twenty addresses (20 each, under the per-address limit)
#     hold all 256 slots: a new client still gets /metrics within the
#     deadline, and Prometheus, scraping every second on the connection it
#     keeps, misses no scrape;
#  C. a GET with a body gets 400, not an empty reply (item 15).
. "$TESTLIB"
. "$(dirname "$TESTLIB")/promlib.sh"
need_root
need_prometheus

NS=$(ns_create ctslow) || exit 1
# the attack's own flows must not fill the table
ns_sysctl "$NS" nf_conntrack_tcp_timeout_time_wait 1
# (a server in the background is started by ip netns exec itself, which
# execs it, so the pid lib.sh kills is the server's)
in_ns() { ip netns exec "$NS" "$@"; }
PORT=$(free_port "$NS")
ip netns exec "$NS" "$CTDASH" --listen "127.0.0.1:$PORT" --delay 10 2>"$TEST_TMP/ctdash.err" &
ns_track_pid $!
wait_http "http://127.0.0.1:$PORT/metrics" 10 "$NS"
base="http://127.0.0.1:$PORT"

start_prometheus "$PORT" "$NS"
query() { prom_query "$1"; }
for _ in $(seq 100); do
	[ "$(query 'up{job="ctdash"}')" = 1 ] && break
	sleep 0.1
done
[ "$(query 'up{job="ctdash"}')" = 1 ] || die "Prometheus does not scrape ctdash"

held() { in_ns ss -Htn state established "( sport = :$PORT )" | wc -l; }
# scrape SECONDS: "code milliseconds" of a new client's GET /metrics
scrape() {
	in_ns curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time "$1" "$base/metrics" |
		awk '{ printf "%s %d\n", $1, $2 * 1000 }'
}
attack() { # CONNS FIRST-LAST SECONDS
	ip netns exec "$NS" "$TOOLS/slowloris" "$PORT" "$1" "$2" 1000 "$3" >"$TEST_TMP/attack.out" &
	ns_track_pid $!
	attacker=$!
}

# A. one address
attack 300 2-2 8
sleep 3
read -r code ms < <(scrape 5)
[ "$code" = 200 ] || die "with 300 slow connections from one address a scrape got '$code'"
[ "$ms" -lt 2000 ] || die "with 300 slow connections from one address a scrape took $ms ms"
# what ctdash holds: its own sockets (those still in the kernel's accept
# queue are no one's yet, and it closes the surplus as it accepts them; a
# slow sanitizer build lags, so wait on the count, with a deadline)
held_from_one() {
	in_ns ss -Htnp state established "( sport = :$PORT and dst 127.0.0.2 )" |
		grep -c 'users:(("ctdash"'
}
deadline=$((SECONDS + 5 * SLOW))
from_one=$(held_from_one)
while [ "$from_one" -gt 32 ] && [ "$SECONDS" -lt "$deadline" ]; do
	sleep 0.1
	from_one=$(held_from_one)
done
[ "$from_one" -le 32 ] || die "127.0.0.2 holds $from_one connections, more than 32"
[ "$from_one" -gt 0 ] || die "127.0.0.2 holds no connection: the attack did not run"
note "[${SECONDS}s] A: 300 slow connections from one address: it holds $from_one, a scrape took $ms ms"
wait "$attacker"

# B. twenty addresses fill every slot
t0=$SECONDS
attack 400 3-22 25
for _ in $(seq 100); do
	[ "$(held)" -ge 256 ] && break
	sleep 0.1
done
full=$(held)
[ "$full" -ge 256 ] || die "the attack holds $full connections, not every slot: no test"
worst=0
for i in 1 2 3; do
	read -r code ms < <(scrape 25)
	[ "$code" = 200 ] || die "under attack scrape $i got '$code' after $ms ms"
	[ "$ms" -lt 12000 ] || die "under attack scrape $i took $ms ms, past the 10 s deadline"
	[ "$ms" -gt "$worst" ] && worst=$ms
done
note "[${SECONDS}s] B: $full connections open (256 slots, the rest queued) by 400 slow ones from 20 addresses; 3 new scrapes answered, the slowest in $worst ms"
wait "$attacker"
cat "$TEST_TMP/attack.out"
span=$((SECONDS - t0))
# every second of the attack Prometheus scraped, and got an answer
scrapes=$(query "count_over_time(up{job=\"ctdash\"}[${span}s])")
ups=$(query "sum_over_time(up{job=\"ctdash\"}[${span}s])")
note "[${SECONDS}s] Prometheus over the ${span} s of attack: $ups good scrapes of $scrapes"
[ -n "$scrapes" ] && [ "$scrapes" -ge $((span - 3)) ] || die "Prometheus scraped $scrapes times in $span s"
[ "$ups" = "$scrapes" ] || die "Prometheus: $ups good scrapes of $scrapes"

# C. a GET with a body: refused at once with 400, not an empty reply
for m in GET HEAD; do
	code=$(in_ns curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X "$m" -d 'x=1' "$base/metrics")
	[ "$code" = 400 ] || die "$m with a body got '$code', not 400"
done
code=$(in_ns curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H 'Transfer-Encoding: chunked' \
	-d 'x=1' -X GET "$base/metrics")
[ "$code" = 400 ] || die "a chunked GET got '$code', not 400"
body=$(in_ns curl -s --max-time 5 -X GET -d 'x=1' "$base/")
[[ $body == *"no body"* ]] || die "the 400 does not say why: '$body'"
code=$(in_ns curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H 'Content-Length: 0' "$base/metrics")
[ "$code" = 200 ] || die "a GET with Content-Length: 0 got '$code'"
note "[${SECONDS}s] C: GET and HEAD with a body get 400"
[ ! -s "$TEST_TMP/ctdash.err" ] || die "ctdash wrote to stderr: $(head -c 500 "$TEST_TMP/ctdash.err")"
echo "1 passed, 0 failed"
