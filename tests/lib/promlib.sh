# SPDX-License-Identifier: GPL-2.0-or-later
# For the exporter tests: free loopback ports, and waiting on HTTP. Sourced
# after lib.sh. Every server a test starts goes to ns_track_pid, so lib.sh
# kills it by pid on every exit path.

# need_prometheus: the Debian packages the exporter tests run.
need_prometheus() {
	local cmd pkg
	for cmd in prometheus:prometheus promtool:prometheus \
		   prometheus-node-exporter:prometheus-node-exporter curl:curl ss:iproute2; do
		pkg=${cmd#*:}
		command -v "${cmd%%:*}" >/dev/null ||
			{ echo "${cmd%%:*} is missing (Debian package $pkg)" >&2; exit $HARD; }
	done
}

# free_port [NS]: a TCP port nothing listens on at 127.0.0.1 (in NS if
# given). Random in 20000-59999, so parallel tests rarely pick the same.
free_port() {
	local port i exec=()
	[ -n "${1:-}" ] && exec=(ip netns exec "$1")
	for i in $(seq 50); do
		port=$((20000 + RANDOM % 40000))
		if [ -z "$("${exec[@]}" ss -Htln "sport = :$port")" ]; then
			echo "$port"
			return 0
		fi
	done
	die "no free port found"
}

# wait_http URL [SECONDS] [NS]: until URL answers 200; fails after SECONDS
# (default 10).
wait_http() {
	local url=$1 limit=${2:-10} exec=() i
	[ -n "${3:-}" ] && exec=(ip netns exec "$3")
	for i in $(seq $((limit * 10))); do
		[ "$("${exec[@]}" curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url")" = 200 ] && return 0
		sleep 0.1
	done
	die "$url did not answer 200 within ${limit}s"
}

# prom_value TEXT METRIC: the value of the series (name with labels, as
# printed) in a text-format scrape, or nothing.
prom_value() {
	printf '%s\n' "$1" | awk -v m="$2" '$1 == m { print $2; exit }'
}

# num_eq A B: the same number, whatever the notation (node_exporter writes
# 1.190536e+06)
num_eq() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 == b + 0) }'; }

# start_prometheus PORT [NS]: a real Prometheus (in NS if given) scraping
# 127.0.0.1:PORT every second as job "ctdash", ready when this returns; its
# own port in PROM_PORT, its log in $TEST_TMP/prometheus.log.
start_prometheus() {
	local exec=()
	[ -n "${2:-}" ] && exec=(ip netns exec "$2")
	PROM_NS=${2:-}
	PROM_PORT=$(free_port "${2:-}")
	cat >"$TEST_TMP/prometheus.yml" <<YML
global: { scrape_interval: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: ctdash
    static_configs: [ { targets: ['127.0.0.1:$1'] } ]
YML
	# started by ip netns exec itself (it execs), so the pid is Prometheus's
	"${exec[@]}" prometheus --config.file="$TEST_TMP/prometheus.yml" \
		--storage.tsdb.path="$TEST_TMP/tsdb" --web.listen-address="127.0.0.1:$PROM_PORT" \
		>"$TEST_TMP/prometheus.log" 2>&1 &
	ns_track_pid $!
	wait_http "http://127.0.0.1:$PROM_PORT/-/ready" 30 "${2:-}"
}

# prom_query EXPR: the value the Prometheus of start_prometheus has for
# EXPR now, or nothing
prom_query() {
	local exec=()
	[ -n "$PROM_NS" ] && exec=(ip netns exec "$PROM_NS")
	"${exec[@]}" curl -s --max-time 2 "http://127.0.0.1:$PROM_PORT/api/v1/query" \
		--data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // empty'
}

# notrack_port NS PORT: TCP to and from PORT in NS is not tracked, so
# scrapes do not add entries to the table they count.
notrack_port() {
	ip netns exec "$1" nft -f - <<NFT || die "cannot load the notrack rule"
table inet ctdash_notrack_$2 {
	chain pre { type filter hook prerouting priority raw; tcp dport $2 notrack; tcp sport $2 notrack; }
	chain out { type filter hook output priority raw; tcp dport $2 notrack; tcp sport $2 notrack; }
}
NFT
}
