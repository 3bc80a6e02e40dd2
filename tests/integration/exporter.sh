#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ctdash --listen under a real Prometheus and beside node_exporter: the
# server's API returns the kernel's count and a TCP-state series, the
# conntrack collector agrees on the count, promtool accepts the output, the
# textfile reaches node_exporter, and bad requests are refused while a
# scrape right after is still answered within a second.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/ctlist.sh"
. "$(dirname "$TESTLIB")/promlib.sh"
need_root
need_prometheus

NS=$(ns_create ctpx) || exit 1
long_timeouts "$NS"
ip netns exec "$NS" "$TOOLS/ctload" udp --ports 3000-3039 >/dev/null || die "ctload udp failed"
ip netns exec "$NS" "$TOOLS/ctload" tcp-timewait --count 5 >/dev/null || die "ctload tcp-timewait failed"
start_holder "$NS" 3 127.0.0.1

# node_exporter runs inside the namespace; its scrapes there must not add
# entries to the table they count, so its port is not tracked
NODE_PORT=$(free_port "$NS")
notrack_port "$NS" "$NODE_PORT"
kernel=$(ip netns exec "$NS" conntrack -C) || die "conntrack -C failed"
summary=$(ct_summary "$NS") || exit 1
tw_kernel=$(json_get "$summary" '.tcp_states.TIME_WAIT // 0')
note "[${SECONDS}s] kernel: $kernel entries, $tw_kernel in TIME_WAIT"

# ctdash listens on the host's loopback while it reads the test namespace
PORT=$(free_port)
TEXTDIR=$TEST_TMP/textfile
mkdir -p "$TEXTDIR"
"$CTDASH" --netns "$NS" --listen "127.0.0.1:$PORT" --textfile "$TEXTDIR/ctdash.prom" --delay 5 \
	2>"$TEST_TMP/ctdash.err" &
ns_track_pid $!
wait_http "http://127.0.0.1:$PORT/metrics"
scrape=$(curl -s "http://127.0.0.1:$PORT/metrics")

# the format: promtool's own check, HELP and TYPE for every family
printf '%s\n' "$scrape" | promtool check metrics >"$TEST_TMP/lint" 2>&1 ||
	die "promtool check metrics: $(head -c 2000 "$TEST_TMP/lint")"
families=$(printf '%s\n' "$scrape" | grep -v '^#' | sed 's/[{ ].*//' | sort -u)
for f in $families; do
	grep -q "^# HELP $f " <<<"$scrape" || die "family $f has no HELP"
	grep -q "^# TYPE $f " <<<"$scrape" || die "family $f has no TYPE"
done
for f in $(grep '^# TYPE .* counter$' <<<"$scrape" | cut -d' ' -f3); do
	[[ $f == *_total ]] || die "counter $f does not end in _total"
done
[ "$(prom_value "$scrape" ctdash_entries)" = "$kernel" ] ||
	die "ctdash_entries $(prom_value "$scrape" ctdash_entries), kernel $kernel"
note "[${SECONDS}s] scrape: $(wc -l <<<"$scrape") lines, $(wc -w <<<"$families") families, promtool clean"

# a real Prometheus scrapes it every second
start_prometheus "$PORT"
query() { prom_query "$1"; }
got=
for _ in $(seq 150); do
	got=$(query 'ctdash_entries{job="ctdash"}')
	[ -n "$got" ] && break
	sleep 0.1
done
[ "$got" = "$kernel" ] || die "Prometheus has ctdash_entries '$got', the kernel $kernel
$(tail -5 "$TEST_TMP/prometheus.log")"
tw=$(query 'ctdash_entries_by_tcp_state{state="TIME_WAIT"}')
[ "$tw" = "$tw_kernel" ] || die "Prometheus has $tw TIME_WAIT entries, conntrack -L $tw_kernel"
up=$(query 'up{job="ctdash"}')
[ "$up" = 1 ] || die "Prometheus says up=$up for ctdash"
note "[${SECONDS}s] Prometheus: ctdash_entries $got, TIME_WAIT $tw (kernel $kernel, $tw_kernel)"

# node_exporter's conntrack collector, in the same namespace, agrees; its
# textfile collector serves the file ctdash rewrites
ip netns exec "$NS" prometheus-node-exporter --collector.disable-defaults --collector.conntrack \
	--collector.textfile --collector.textfile.directory="$TEXTDIR" \
	--web.listen-address="127.0.0.1:$NODE_PORT" >"$TEST_TMP/node.log" 2>&1 &
ns_track_pid $!
wait_http "http://127.0.0.1:$NODE_PORT/metrics" 10 "$NS"
node=$(ip netns exec "$NS" curl -s "http://127.0.0.1:$NODE_PORT/metrics")
[ "$(ip netns exec "$NS" conntrack -C)" = "$kernel" ] || die "node_exporter's scrape changed the table"
node_count=$(prom_value "$node" node_nf_conntrack_entries)
num_eq "$node_count" "$kernel" || die "node_exporter says $node_count entries, ctdash and the kernel $kernel"
# the limit is global: another run may change it, so compare two reads
# taken one right after the other
for _ in 1 2 3; do
	node_limit=$(prom_value "$(ip netns exec "$NS" curl -s "http://127.0.0.1:$NODE_PORT/metrics")" \
		node_nf_conntrack_entries_limit)
	limit=$(prom_value "$(curl -s "http://127.0.0.1:$PORT/metrics")" ctdash_entries_limit)
	num_eq "$node_limit" "$limit" && break
	sleep 1
done
num_eq "$node_limit" "$limit" || die "node_exporter says the limit is $node_limit, ctdash $limit"
num_eq "$(prom_value "$node" ctdash_entries)" "$kernel" ||
	die "the textfile collector does not serve ctdash_entries $kernel"
ls "$TEXTDIR" | grep -q tmp && die "a temporary textfile was left behind: $(ls "$TEXTDIR")"
note "[${SECONDS}s] node_exporter: $node_count entries, the textfile collector serves ctdash's file"

# bad requests, each refused with its status
status() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@"; }
base="http://127.0.0.1:$PORT"
[ "$(status -X POST -d x "$base/metrics")" = 405 ] || die "POST is not refused with 405"
curl -s -D - -o /dev/null -X POST "$base/metrics" | grep -qi '^Allow: GET, HEAD' || die "405 without Allow"
[ "$(status -X DELETE "$base/")" = 405 ] || die "DELETE is not refused with 405"
[ "$(status --path-as-is "$base/../metrics")" = 404 ] || die "/../metrics is not refused with 404"
[ "$(status "$base/metrics/../../etc/passwd")" = 404 ] || die "a path with .. is not refused"
[ "$(status "$base/nothing")" = 404 ] || die "an unknown path is not refused with 404"
big=$(head -c 70000 /dev/zero | tr '\0' a)
code=$(status -H "X-Big: $big" "$base/metrics")
[ "$code" = 431 ] || die "a 70 KB header got $code, not 431"
code=$(status "$base/metrics?$(head -c 20000 /dev/zero | tr '\0' a)")
[ "$code" = 414 ] || [ "$code" = 431 ] || die "a 20 KB URI got $code, not 414"
[ "$(status -I "$base/metrics")" = 200 ] || die "HEAD /metrics is not answered"
[ "$(status "$base/")" = 200 ] || die "/ is not answered"
curl -s "$base/" | grep -q 'href="/metrics"' || die "/ does not link to /metrics"

# idle half-sent requests held open; a scrape still gets through. 25 of
# them: one address may hold 32 connections (more, and many addresses:
# tests/integration/slowloris.sh), and the scrape comes from this one too
before=$(ss -Htn state established "sport = :$PORT" | wc -l) # Prometheus keeps one
fds=()
for _ in $(seq 25); do
	exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" || die "cannot open a connection"
	printf 'GET /metrics HTTP/1.1\r\nHost: x\r\n' >&"$fd"
	fds+=("$fd")
done
held=$(ss -Htn state established "sport = :$PORT" | wc -l)
# the time curl measures from connect to the last byte (not its own start,
# which a loaded machine stretches)
read -r code secs < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 1 "$base/metrics")
ms=$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')
[ "$code" = 200 ] || die "with 25 half-sent requests open a scrape got '$code'"
[ "$ms" -lt 1000 ] || die "the scrape took $ms ms"
note "[${SECONDS}s] with $held idle connections held, a scrape answered in $ms ms"
# the server drops them after its idle timeout
for _ in $(seq 100); do
	[ "$(ss -Htn state established "sport = :$PORT" | wc -l)" -le "$before" ] && break
	sleep 0.1
done
left=$(($(ss -Htn state established "sport = :$PORT" | wc -l) - before))
[ "$left" -le 0 ] || die "$left idle connections still open after 10 s"
for fd in "${fds[@]}"; do exec {fd}>&-; done
code=$(status --max-time 1 "$base/metrics")
[ "$code" = 200 ] || die "after the idle connections a scrape got '$code'"

# the age is said, and a scrape never starts a dump: two scrapes at once
# serve the same snapshot
age=$(prom_value "$(curl -s "$base/metrics")" ctdash_snapshot_age_seconds)
awk -v a="$age" 'BEGIN { exit !(a >= 0 && a < 5) }' || die "snapshot age '$age'"
kill -0 "${_pid_list[0]}" 2>/dev/null || true
[ ! -s "$TEST_TMP/ctdash.err" ] || die "ctdash wrote to stderr: $(head -c 500 "$TEST_TMP/ctdash.err")"
echo "1 passed, 0 failed"
