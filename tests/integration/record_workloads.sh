#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The recorder names the workloads of the top rows (issue 20): a client
# namespace talks to a namespace that looks like a containerd pod
# (tests/lib/workloads_lib.sh: default/web-7d9f); ctdash --record
# --all-netns records the client's table while the node's files exist
# (a private mount namespace). The top table's workload columns name the
# pod, and the replay, read where no kubelet file exists, gives the pod
# in --json (the very object the live --json printed for that picture)
# and beside the address in --once: the names come from the recording.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/workloads_lib.sh"
. "$(dirname "$TESTLIB")/record_lib.sh"
need_root
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing" >&2; exit $HARD; }
wl_setup
q() { sqlite3 "$DB" "$1"; }

CLIENT=$(ns_create ctrw) || exit 1
ip -n "$CLIENT" link add "v$WL_NET" type veth peer name "p$WL_NET" netns "$WL_POD" ||
	die "cannot link $CLIENT to $WL_POD"
ip -n "$CLIENT" addr add "10.200.$WL_NET.1/24" dev "v$WL_NET" && ip -n "$CLIENT" link set "v$WL_NET" up &&
	ip -n "$WL_POD" addr add "10.200.$WL_NET.2/24" dev "p$WL_NET" && ip -n "$WL_POD" link set "p$WL_NET" up ||
	die "cannot address the link to $WL_POD"
POD_ADDR=10.200.$WL_NET.2
ns_sysctl "$CLIENT" nf_conntrack_udp_timeout 3600
ip netns exec "$CLIENT" bash -c "for p in \$(seq 5000 5005); do echo x >/dev/udp/$POD_ADDR/\$p; done" ||
	die "no traffic from $CLIENT"

DIR=$TEST_TMP/rec
mkdir -m 700 "$DIR"
DB=$DIR/flight.db
in_node_bg "$CTDASH" --record "$DB" --netns "$CLIENT" --all-netns -d 5 --json \
	>"$DIR/live.jsonl" 2>"$DIR/err"
REC=$!
ns_track_pid $REC
db_wait 30 "$DB" "SELECT count(*) FROM top WHERE kind = 'destination' AND addr = '$POD_ADDR'
	AND workload IS NOT NULL" || die "no named destination recorded: $(head -c 2000 "$DIR/err")"
kill -TERM $REC
wait $REC
[ $? = 0 ] || die "--record did not stop with status 0: $(head -c 2000 "$DIR/err")"

# one picture: the first that named the pod
read -r id t <<<"$(q "SELECT p.id, p.t FROM picture p JOIN top t ON t.picture = p.id
	WHERE t.kind = 'destination' AND t.addr = '$POD_ADDR' AND t.workload IS NOT NULL
	ORDER BY p.id LIMIT 1" | tr '|' ' ')"
note "picture $id at $t"
got=$(q "SELECT t.workload, w.label, w.kind, w.namespace, w.name, w.container_id, w.pod_uid, w.netns
	FROM top t JOIN workload w ON w.id = t.workload_id
	WHERE t.picture = $id AND t.kind = 'destination' AND t.addr = '$POD_ADDR'")
[ "$got" = "default/web-7d9f|default/web-7d9f|pod|default|web-7d9f|$ID_POD|$UID_POD|$WL_POD" ] ||
	die "the top row's workload reads '$got'"
# each workload is written once, however many pictures name it
got=$(q "SELECT count(*) FROM workload WHERE netns = '$WL_POD'")
[ "$got" = 1 ] || die "the pod is in the workload table $got times"
got=$(q "SELECT workload FROM top WHERE picture = $id AND kind = 'source' AND addr = '10.200.$WL_NET.1'")
[ -z "$got" ] || die "the client's own address has a workload: '$got'"
got=$(q "SELECT w.label FROM namespace n JOIN workload w ON w.id = n.workload_id
	WHERE n.picture = $id AND n.name = '$WL_POD'")
[ "$got" = default/web-7d9f ] || die "the namespace row's workload reads '$got'"
got=$(q "SELECT count(DISTINCT n.workload_id) FROM namespace n JOIN top t ON t.workload_id = n.workload_id
	WHERE n.name = '$WL_POD'")
[ "$got" = 1 ] || die "the namespace and top rows name the pod by $got ids"
# the per-CPU rows add up to the summed counters (those not zero)
by_cpu=$(q "SELECT name, sum(value) FROM cpu WHERE picture = $id GROUP BY name ORDER BY name")
summed=$(q "SELECT name, value FROM counter WHERE picture = $id AND value != 0 ORDER BY name")
[ "$by_cpu" = "$summed" ] || die "per-CPU rows '$by_cpu' do not add up to the counters '$summed'"
note "top row: default/web-7d9f (pod, $WL_POD), namespace row too, per-CPU rows add up"

# the replay, outside the node's files: the names are the recording's
j=$("$CTDASH" --replay "$DB" --json --at "@$t" 2>"$DIR/rerr") || die "--replay --json: $(cat "$DIR/rerr")"
got=$(jq -r --arg a "$POD_ADDR" '.top_destinations[] | select(.addr == $a) |
	.workload.kind + " " + .workload.namespace + "/" + .workload.name + " " + .workload.container_id + " " + .workload.netns' <<<"$j")
[ "$got" = "pod default/web-7d9f $ID_POD $WL_POD" ] ||
	die "--replay --json: $POD_ADDR's workload reads '$got': $(jq -c .top_destinations <<<"$j")"
# (a file, not an argument: every namespace of the host is in it)
printf '%s\n' "$j" >"$DIR/replayed.json"
awk 'NR == FNR { want = $0; next } $0 == want { found = 1 } END { exit !found }' \
	"$DIR/replayed.json" "$DIR/live.jsonl" || die "--replay --json is not the live --json of that picture"
o=$("$CTDASH" --replay "$DB" --once --at "@$t" 2>&1)
grep -Eq "^  ${POD_ADDR//./\\.} .* default/web-7d9f\$" <<<"$o" ||
	die "--replay --once: no default/web-7d9f beside $POD_ADDR: $o"
note "replay --json: the live object, workload pod default/web-7d9f; --once names it"
echo "ok"
