#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Measure the exporter on a table of N entries (default 100000) in a
# namespace of its own: scrape latency (the scrape serves the latest
# snapshot, so it does not grow with the table), the size of /metrics and
# its series count, the dump time the sampler pays in the background, and
# what Prometheus's own check says. Root. A measurement, not a test:
#   CTDASH=build/src/ctdash TOOLS=build/tests/tools \
#     TESTLIB=tests/lib/lib.sh bash tests/measure-exporter.sh [N] [SCRAPES]
. "${TESTLIB:-$(dirname "$0")/lib/lib.sh}"
. "$(dirname "$TESTLIB")/promlib.sh"
need_root
N=${1:-100000}
SCRAPES=${2:-200}

raise_global_max $((N * 2 + 10000))
NS=$(ns_create ctmx) || exit 1
ns_sysctl "$NS" nf_conntrack_udp_timeout 3600
ip netns exec "$NS" "$TOOLS/ctload" fill --count "$N" --sources 127.0.1.1-127.0.1.200 >/dev/null ||
	die "ctload fill failed"
note "table: $(ip netns exec "$NS" conntrack -C) entries in $NS; host-wide $(cat /proc/sys/net/netfilter/nf_conntrack_count 2>/dev/null) in the initial namespace"

PORT=$(free_port)
"$CTDASH" --netns "$NS" --listen "127.0.0.1:$PORT" --delay 10 --source dump &
ns_track_pid $!
wait_http "http://127.0.0.1:$PORT/metrics" 60
body=$(curl -s "http://127.0.0.1:$PORT/metrics")
note "/metrics: $(printf '%s' "$body" | wc -c) bytes, $(grep -vc '^#' <<<"$body") series, $(grep -c '^# TYPE' <<<"$body") families"
note "top sources: $(grep -c '^ctdash_top_source_entries' <<<"$body") series (--top 10)"
note "dump: $(prom_value "$body" ctdash_dump_seconds) s per snapshot (in the sampler thread)"
printf '%s\n' "$body" | promtool check metrics && note "promtool check metrics: clean"

# scrapes back to back over one kept-alive connection (curl reuses it
# across the URLs of one call); -o for each URL, or the bodies would land
# in the timings
times=$TEST_TMP/times
args=()
for _ in $(seq "$SCRAPES"); do args+=(-o /dev/null "http://127.0.0.1:$PORT/metrics"); done
curl -s -w '%{time_total}\n' "${args[@]}" >"$times"
sort -n "$times" | awk '{ t[NR] = $1 * 1000 } END {
	printf "# %d scrapes while the sampler dumps every second: median %.2f ms, p99 %.2f ms, max %.2f ms\n",
		NR, t[int(NR / 2) + 1], t[int(NR * 0.99)], t[NR] }'
echo "0 failed"
