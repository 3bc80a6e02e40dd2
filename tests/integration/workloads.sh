#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Workloads, not inodes: namespaces that look from the node like a Docker
# container, a containerd pod (systemd driver), a cgroupfs-driver pod, a
# CRI-O pod the kubelet's files do not name, and two with hostile names
# (tests/lib/workloads_lib.sh). --json --all-netns and the Prometheus page
# name each one; the hostile names come out escaped everywhere. Then one
# of them drops while the others do not: its own drop counter rises, with
# its pod's labels, and a real Prometheus running the shipped rules fires
# ConntrackDropping for it.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/promlib.sh"
. "$(dirname "$TESTLIB")/workloads_lib.sh"
need_root
need_prometheus
wl_setup
note "[${SECONDS}s] six workloads under $_wl_cg"

ctload_in() { ip netns exec "$1" "$TOOLS/ctload" udp --ports "$2" >/dev/null || die "ctload in $1 failed"; }
for ns in "$WL_DOCKER" "$WL_POD" "$WL_CGPOD" "$WL_EVIL" "$WL_EVILDOCK" "$WL_ORPHAN"; do
	ns_sysctl "$ns" nf_conntrack_udp_timeout 3600
	ctload_in "$ns" 3000-3004
done

json=$(in_node "$CTDASH" --json --all-netns 2>"$TEST_TMP/err") ||
	die "--json --all-netns failed: $(head -c 2000 "$TEST_TMP/err")"
# the raw bytes never reach the output (the JSON escapes would hide them)
LC_ALL=C grep -q $'\033' <<<"$json" && die "an escape byte in --json"
wl() { json_get "$json" ".namespaces[] | select(.name == \"$1\") | .workload$2"; }
expect() { # NS FIELD VALUE
	local got
	got=$(wl "$1" ".$2")
	[ "$got" = "$3" ] || die "$1: workload.$2 is '$got', not '$3' (workload: $(wl "$1" ''))"
}
expect "$WL_DOCKER" kind docker
expect "$WL_DOCKER" name web
expect "$WL_DOCKER" container_id "$ID_DOCKER"
expect "$WL_DOCKER" namespace null
expect "$WL_POD" kind pod
expect "$WL_POD" namespace default
expect "$WL_POD" name web-7d9f
expect "$WL_POD" container_id "$ID_POD"
expect "$WL_POD" pod_uid "$UID_POD"
expect "$WL_CGPOD" kind pod
expect "$WL_CGPOD" namespace shop
expect "$WL_CGPOD" name cart-0
expect "$WL_CGPOD" container_id "$ID_CGPOD"
expect "$WL_ORPHAN" kind pod
expect "$WL_ORPHAN" name orphan-6
expect "$WL_ORPHAN" name_from_hostname true
expect "$WL_ORPHAN" namespace null
expect "$WL_EVIL" namespace evil
evil=$(wl "$WL_EVIL" .name)
evildock=$(wl "$WL_EVILDOCK" .name)
for name in "$evil" "$evildock"; do
	[ "${#name}" -le 127 ] && [[ $name == *... ]] || die "a hostile name is not cut short: '$name' (${#name})"
done
[[ $evil == "$HOSTILE_POD_SHOWN_START"* ]] || die "the hostile pod reads '$evil'"
[[ $evildock == "$HOSTILE_DOCKER_SHOWN_START"* ]] || die "the hostile container reads '$evildock'"
# each namespace's own counters are there
[ "$(json_get "$json" ".namespaces[] | select(.name == \"$WL_POD\") | .stats.drop")" = 0 ] ||
	die "$WL_POD: no stats: $(json_get "$json" ".namespaces[] | select(.name == \"$WL_POD\") | .stats")"
# a namespace of no workload says so, and keeps its name
plain=$(ns_create ctwn) || exit 1
json=$(in_node "$CTDASH" --json --all-netns 2>/dev/null)
[ "$(wl "$plain" '')" = null ] || die "$plain has a workload: $(wl "$plain" '')"
note "[${SECONDS}s] --json: docker:web, default/web-7d9f, shop/cart-0, orphan-6 (hostname), hostile names escaped"

# the Prometheus page: the workload's labels on each namespace
prom=$(in_node "$CTDASH" --prometheus --all-netns 2>/dev/null) || die "--prometheus --all-netns failed"
LC_ALL=C grep -q $'\033' <<<"$prom" && die "an escape byte on the Prometheus page"
printf '%s\n' "$prom" | promtool check metrics >"$TEST_TMP/lint" 2>&1 ||
	die "promtool check metrics: $(head -c 2000 "$TEST_TMP/lint")"
has() { grep -qF -- "$1" <<<"$prom" || die "no $1 on the page"; }
has "ctdash_stat_early_drop_total{netns=\"$WL_POD\",k8s_namespace=\"default\",pod=\"web-7d9f\",container=\"\"} 0"
has "ctdash_stat_drop_total{netns=\"$WL_DOCKER\",k8s_namespace=\"\",pod=\"\",container=\"web\"} 0"
has "ctdash_stat_drop_total{netns=\"$WL_CGPOD\",k8s_namespace=\"shop\",pod=\"cart-0\",container=\"\"} 0"
has "ctdash_stat_drop_total{netns=\"$WL_ORPHAN\",k8s_namespace=\"\",pod=\"orphan-6\",container=\"\"} 0"
# the hostile name: its control bytes as \xNN text, then a label value's
# own escapes (backslash and quote)
shown=${HOSTILE_POD_SHOWN_START//\\/\\\\}
has "pod=\"${shown//\"/\\\"}"
has "kind=\"pod\",k8s_namespace=\"default\",pod=\"web-7d9f\",container_id=\"$ID_POD\""
# bounded: two namespaces with series of their own, the rest summed
prom2=$(in_node "$CTDASH" --prometheus --all-netns --max-series 2 2>/dev/null)
[ "$(grep -c '^ctdash_stat_drop_total{netns="[^"]*",k8s_namespace' <<<"$prom2")" = 3 ] ||
	die "--max-series 2: not two namespaces and other: $(grep '^ctdash_stat_drop_total' <<<"$prom2")"
grep -q '^ctdash_stat_drop_total{netns="other",' <<<"$prom2" || die "--max-series 2: no other series"
folded=$(prom_value "$prom2" ctdash_netns_series_folded)
[ "$folded" -ge 5 ] || die "--max-series 2: $folded folded, not 5 or more"
note "[${SECONDS}s] Prometheus: k8s_namespace, pod, container labels; --max-series 2 folds $folded into other"

# Who owns an address: a client namespace reaches the pod and the hostile
# pod over veth pairs (10.200.0.0/16, made inside the namespaces); its
# table's destinations are the pods' own addresses.
CLIENT=$(ns_create ctwl) || exit 1
link() { # NS SUBNET
	ip -n "$CLIENT" link add "v$2" type veth peer name "p$2" netns "$1" || die "cannot link $1"
	ip -n "$CLIENT" addr add "10.200.$2.1/24" dev "v$2" && ip -n "$CLIENT" link set "v$2" up &&
		ip -n "$1" addr add "10.200.$2.2/24" dev "p$2" && ip -n "$1" link set "p$2" up ||
		die "cannot address the link to $1"
}
link "$WL_POD" "$WL_NET"
link "$WL_EVIL" "$WL_NET2"
ns_sysctl "$CLIENT" nf_conntrack_udp_timeout 3600
ip netns exec "$CLIENT" bash -c "for p in \$(seq 5000 5005); do echo x >/dev/udp/10.200.$WL_NET.2/\$p; done
	for p in \$(seq 5000 5002); do echo x >/dev/udp/10.200.$WL_NET2.2/\$p; done" || die "no traffic from $CLIENT"
to_pod=$(ip netns exec "$CLIENT" conntrack -L -d 10.200.$WL_NET.2 2>/dev/null | wc -l)
[ "$to_pod" = 6 ] || die "the client's table holds $to_pod entries to the pod, not 6"

# --list: a workload column, the filter term, JSON rows
list=$(in_node "$CTDASH" --netns "$CLIENT" --all-netns --list dst 10.200.$WL_NET.2 2>"$TEST_TMP/err") ||
	die "--list --all-netns: $(cat "$TEST_TMP/err")"
[ "$(head -1 <<<"$list" | awk '{ print $NF }')" = workload ] || die "no workload column: $(head -1 <<<"$list")"
[ "$(tail -n +2 <<<"$list" | awk '{ print $NF }' | sort -u)" = default/web-7d9f ] ||
	die "the pod's rows are not default/web-7d9f: $list"
got=$(in_node "$CTDASH" --netns "$CLIENT" --list workload 'default/web-*' | tail -n +2 | awk '{ print $7 }' | sort -u)
[ "$got" = 10.200.$WL_NET.2 ] || die "workload default/web-* matched $got"
n=$(in_node "$CTDASH" --netns "$CLIENT" --list workload 'default/web-*' | tail -n +2 | wc -l)
[ "$n" = "$to_pod" ] || die "workload default/web-* matched $n rows, conntrack -L $to_pod"
n=$(in_node "$CTDASH" --netns "$CLIENT" --list workload 'shop/*' | tail -n +2 | wc -l)
[ "$n" = 0 ] || die "workload shop/* matched $n rows"
row=$(in_node "$CTDASH" --netns "$CLIENT" --all-netns --list --json dst 10.200.$WL_NET.2 --limit 1)
[ "$(jq -r '.workload.kind + " " + .workload.namespace + "/" + .workload.name + " " + .workload.netns' <<<"$row")" = \
	"pod default/web-7d9f $WL_POD" ] || die "a JSON row's workload: $row"
[ "$(jq -r .workload.container_id <<<"$row")" = "$ID_POD" ] || die "a JSON row's container_id: $row"
# the hostile pod's rows: one word, escaped, on the terminal and in JSON
list=$(in_node "$CTDASH" --netns "$CLIENT" --all-netns --list dst 10.200.$WL_NET2.2)
LC_ALL=C grep -q $'\033' <<<"$list" && die "an escape byte in --list"
[ "$(tail -n +2 <<<"$list" | awk '{ print NF }' | sort -u)" = "$(head -1 <<<"$list" | awk '{ print NF }')" ] ||
	die "the hostile name breaks the columns: $list"
[[ $(tail -1 <<<"$list" | awk '{ print $NF }') == "evil/$HOSTILE_POD_SHOWN_START"* ]] ||
	die "the hostile pod's rows read: $(tail -1 <<<"$list")"
note "[${SECONDS}s] --list: workload column, workload default/web-* = conntrack -L -d (6), JSON rows, hostile name one escaped word"

# --json and --once: the destinations carry their workload
json=$(in_node "$CTDASH" --netns "$CLIENT" --all-netns --json 2>/dev/null)
[ "$(jq -r --arg a "10.200.$WL_NET.2" '.top_destinations[] | select(.addr == $a) | .workload.name + " " + .workload.netns' <<<"$json")" = \
	"web-7d9f $WL_POD" ] || die "--json: 10.200.$WL_NET.2 is not web-7d9f's: $(jq -c .top_destinations <<<"$json")"
[ "$(jq -r --arg a "10.200.$WL_NET.1" '.top_sources[] | select(.addr == $a) | .workload' <<<"$json")" = null ] ||
	die "--json: the client's own address has a workload"
once=$(in_node "$CTDASH" --netns "$CLIENT" --all-netns --once 2>/dev/null)
grep -Eq "^  10\\.200\\.$WL_NET\\.2 .* default/web-7d9f\$" <<<"$once" || die "--once: no default/web-7d9f beside 10.200.$WL_NET.2"
note "[${SECONDS}s] --json, --once: 10.200.$WL_NET.2 default/web-7d9f"

# One pod drops, the others do not: its own counter, its own alert. The
# global limit is lowered for this (lib.sh: exclusive, restored on exit).
PORT=$(free_port)
in_node_bg "$CTDASH" --all-netns --read-only --listen "127.0.0.1:$PORT" --delay 5 \
	2>"$TEST_TMP/exporter.err"
ns_track_pid $!
wait_http "http://127.0.0.1:$PORT/metrics"
# the shipped rules as they are, but for the minute of "for:", which
# would only make the test wait
sed 's/^\(        for:\) .*/\1 2s/' "$(dirname "$0")/../../deploy/prometheus/ctdash-rules.yml" \
	>"$TEST_TMP/rules.yml"
PROM_PORT=$(free_port)
cat >"$TEST_TMP/prometheus.yml" <<YML
global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: [ '$TEST_TMP/rules.yml' ]
scrape_configs:
  - job_name: ctdash
    static_configs: [ { targets: ['127.0.0.1:$PORT'] } ]
YML
prometheus --config.file="$TEST_TMP/prometheus.yml" --storage.tsdb.path="$TEST_TMP/tsdb" \
	--web.listen-address="127.0.0.1:$PROM_PORT" >"$TEST_TMP/prometheus.log" 2>&1 &
ns_track_pid $!
wait_http "http://127.0.0.1:$PROM_PORT/-/ready" 30
alerts() {
	curl -s --max-time 2 "http://127.0.0.1:$PROM_PORT/api/v1/alerts" |
		jq -c '[.data.alerts[] | select(.labels.alertname == "ConntrackDropping" and .state == "firing") | .labels]'
}
# two scrapes of a quiet table first, so rate() has a before
for _ in $(seq 100); do
	[ "$(curl -s --max-time 2 "http://127.0.0.1:$PROM_PORT/api/v1/query" \
		--data-urlencode "query=count_over_time(ctdash_stat_drop_total{netns=\"$WL_POD\"}[1m])" |
		jq -r '.data.result[0].value[1] // 0')" -ge 2 ] && break
	sleep 0.2
done
overfill "$WL_POD"
# (other namespaces on the host are not this test's to judge)
mine() {
	jq -c --arg a "$WL_DOCKER" --arg b "$WL_POD" --arg c "$WL_CGPOD" --arg d "$WL_EVIL" \
		--arg e "$WL_EVILDOCK" --arg f "$WL_ORPHAN" \
		'[.[] | select(.netns == ($a, $b, $c, $d, $e, $f, "init"))]' <<<"$1"
}
firing= mine=
for _ in $(seq $((300 * SLOW))); do
	firing=$(alerts)
	[ -n "$firing" ] && mine=$(mine "$firing")
	[ -n "$mine" ] && [ "$mine" != "[]" ] && break
	sleep 0.2
done
kill "$FLOOD" 2>/dev/null
restore_global_max
[ "$(jq -r 'length' <<<"$mine")" = 1 ] && [ "$(jq -r '.[0].netns' <<<"$mine")" = "$WL_POD" ] ||
	die "ConntrackDropping fired for '$mine', not for $WL_POD alone (all: $firing)
$(tail -3 "$TEST_TMP/prometheus.log")"
[ "$(jq -r '.[0].pod' <<<"$mine")" = web-7d9f ] && [ "$(jq -r '.[0].k8s_namespace' <<<"$mine")" = default ] ||
	die "the alert does not name the pod: $mine"
page=$(curl -s "http://127.0.0.1:$PORT/metrics")
drops=$(grep "^ctdash_stat_drop_total{netns=\"$WL_POD\"" <<<"$page" | awk '{ print $2 }')
[ "${drops:-0}" -gt 0 ] || die "$WL_POD: its drop counter did not rise"
for ns in "$WL_DOCKER" "$WL_CGPOD" "$WL_ORPHAN"; do
	[ "$(grep "^ctdash_stat_drop_total{netns=\"$ns\"" <<<"$page" | awk '{ print $2 }')" = 0 ] ||
		die "$ns drops too"
done
note "[${SECONDS}s] $WL_POD dropped $drops packets; ConntrackDropping fired for default/web-7d9f alone"
