#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ctdash --list against conntrack -L of the same namespace: every field of
# every row (TCP in several states, UDP, ICMP, IPv6, entries translated by
# nft dnat and snat rules on loopback, a mark and a zone, counters), the
# filters against conntrack's own filtering, sort orders, --limit, the
# text columns, and bad filters.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/ctlist.sh"
. "$(dirname "$TESTLIB")/list_lib.sh"
need_root

NS=$(ns_create ctdl) || exit 1
long_timeouts "$NS"
ns_sysctl "$NS" nf_conntrack_acct 1
in_ns() { ip netns exec "$NS" "$@" >/dev/null || die "$* failed in $NS"; }

make_nat_rules "$NS"
in_ns "$TOOLS/ctload" udp --src 127.0.0.2 --dst 127.0.0.1 --ports 20000-20019 --sockets 2
in_ns "$TOOLS/ctload" udp --src 127.0.0.20 --dst 127.0.0.77 --ports 5353-5353   # DNAT
in_ns "$TOOLS/ctload" udp --src 127.0.0.88 --dst 127.0.0.1 --ports 7000-7002    # SNAT
in_ns "$TOOLS/ctload" udp6 --ports 20000-20004
in_ns "$TOOLS/ctload" tcp-timewait --count 6 --src 127.0.0.5
start_holder "$NS" 4 127.0.0.6
in_ns "$TOOLS/ctload" ping --count 3
in_ns "$TOOLS/ctload" ping --count 2 --dst ::1
# TCP states real traffic does not hold still in, a mark and a zone
in_ns conntrack -I -p tcp -s 127.0.0.11 -d 127.0.0.2 --sport 40001 --dport 80 --state SYN_SENT -t 3000
in_ns conntrack -I -p tcp -s 127.0.0.12 -d 127.0.0.2 --sport 40002 --dport 80 --state FIN_WAIT -t 3000 -u SEEN_REPLY,ASSURED
in_ns conntrack -I -p tcp -s 127.0.0.13 -d 127.0.0.2 --sport 40003 --dport 80 --state CLOSE_WAIT -t 3000 -u SEEN_REPLY,ASSURED -m 42
in_ns conntrack -I -p tcp -s 127.0.0.14 -d 127.0.0.2 --sport 40004 --dport 443 --state ESTABLISHED -t 3000 -u SEEN_REPLY,ASSURED --zone 7

# --- every field of every row ---------------------------------------------------
before=$(ct_rows "$NS") || exit 1
list=$("$CTDASH" --netns "$NS" --list --json) || die "ctdash --list --json failed"
after=$(ct_rows "$NS") || exit 1
rows_match "$before" "$after" "$list"
n=$(jq -s length <<<"$list")
[ "$n" -ge 60 ] || die "only $n entries listed"
for what in 'select(.nat == "dnat")' 'select(.nat == "snat")' 'select(.l4 == "icmp")' \
	    'select(.l4 == "icmpv6")' 'select(.l3 == "ipv6" and .l4 == "udp")' \
	    'select(.state == "TIME_WAIT")' 'select(.state == "ESTABLISHED")' \
	    'select(.state == "SYN_SENT")' 'select(.state == "FIN_WAIT")' \
	    'select(.state == "CLOSE_WAIT")' 'select(.zone == 7)' 'select(.mark == 42)' \
	    'select(.packets > 0 and .reply_packets > 0)'; do
	[ "$(jq -s "[.[] | $what] | length" <<<"$list")" -gt 0 ] || die "no row for $what"
done
note "$n rows, every field as conntrack -L lists it"

# --- text: the same rows, every column on every line -------------------------------
text=$("$CTDASH" --netns "$NS" --list) || die "ctdash --list failed"
cols=$(head -n 1 <<<"$text" | wc -w)
[ "$(head -n 1 <<<"$text" | cut -d' ' -f1-5)" = "id l3 l4 state timeout" ] || die "header: $(head -n 1 <<<"$text")"
awk -v c="$cols" 'NF != c { print "line " NR " has " NF " columns, not " c; bad = 1 } END { exit bad }' \
	<<<"$text" || die "text columns differ"
[ "$(($(wc -l <<<"$text") - 1))" = "$n" ] || die "text lists $(($(wc -l <<<"$text") - 1)) rows, JSON $n"
# column 6 is the source whatever the protocol (conntrack -L's is not)
diff <(tail -n +2 <<<"$text" | awk '{ print $1, $6 }' | sort) \
	<(jq -r '"\(.id) \(.src)"' <<<"$list" | sort) >/dev/null || die "column 6 is not the source"

# --- filters against conntrack's own filtering --------------------------------------
same_ids() { # FILTER CONNTRACK-ARGS...
	local filter=$1 ours theirs
	shift
	ours=$("$CTDASH" --netns "$NS" --list --json "$filter" | jq -r .id | sort) ||
		die "ctdash --list '$filter' failed"
	theirs=$(ip netns exec "$NS" conntrack -L -o id "$@" 2>/dev/null | sed -n 's/.* id=\([0-9]*\)$/\1/p' | sort)
	[ -n "$ours" ] || die "'$filter' matches nothing: the case is not tested"
	[ "$ours" = "$theirs" ] || die "'$filter' lists $(wc -l <<<"$ours") entries, conntrack $* $(wc -l <<<"$theirs")"
}
same_ids "proto udp" -p udp
same_ids "proto tcp and state TIME_WAIT" -p tcp --state TIME_WAIT
same_ids "state ESTABLISHED" -p tcp --state ESTABLISHED
same_ids "l3 ipv6" -f ipv6
same_ids "src 127.0.0.5" -s 127.0.0.5
same_ids "dst 127.0.0.77" -d 127.0.0.77
same_ids "reply-src 127.0.0.1 and proto udp" -r 127.0.0.1 -p udp
same_ids "reply-dst 127.0.0.89" -q 127.0.0.89
same_ids "proto udp and dport 20003" -p udp --dport 20003
same_ids "proto tcp and sport 40002" -p tcp --sport 40002
same_ids "mark 42" -m 42
same_ids "zone 7" -w 7
same_ids "proto icmp" -p icmp
same_ids "assured" -u ASSURED
# what conntrack cannot say, against jq on the full list
jq_ids() { # FILTER JQ-SELECT
	local ours theirs
	ours=$("$CTDASH" --netns "$NS" --list --json "$1" | jq -r .id | sort)
	theirs=$(jq -r "select($2) | .id" <<<"$list" | sort)
	[ -n "$ours" ] || die "'$1' matches nothing: the case is not tested"
	[ "$ours" = "$theirs" ] || die "'$1' lists $(wc -l <<<"$ours"), the full list says $(wc -l <<<"$theirs")"
}
jq_ids "nat" '.nat != null'
jq_ids "proto udp and unreplied" '.l4 == "udp" and (.flags | index("UNREPLIED"))'
jq_ids "not assured and l3 ipv4" '(.flags | index("ASSURED") | not) and .l3 == "ipv4"'
jq_ids "proto udp or proto tcp and dport 80" '.l4 == "udp" or (.l4 == "tcp" and .dport == 80)'
jq_ids "(proto udp or proto tcp) and not dport 20000-20009" \
	'(.l4 == "udp" or .l4 == "tcp") and ((.dport // -1) < 20000 or .dport > 20009)'
jq_ids "src 127.0.0.0/29 and timeout >100" '(.src | test("^127\\.0\\.0\\.[0-7]$")) and .timeout > 100'
jq_ids "src ::1/128 or dst 127.0.0.2" '.src == "::1" or .dst == "127.0.0.2"'
jq_ids "timeout <100000" '.timeout < 100000'
note "filters agree with conntrack's and with the full list"

# --- sort orders and --limit --------------------------------------------------------
sorted() { # SORT JQ-KEYS
	local got want
	got=$("$CTDASH" --netns "$NS" --list --json --sort "$1" | jq -r .id)
	want=$(jq -s -r "sort_by($2) | .[].id" <<<"$list")
	[ "$got" = "$want" ] || die "--sort $1: not the order of sort_by($2)"
	got=$("$CTDASH" --netns "$NS" --list --json --sort "$1" --limit 7 | jq -r .id)
	[ "$got" = "$(head -n 7 <<<"$want")" ] || die "--sort $1 --limit 7: not the first 7"
}
ip4key='(if .l3 == "ipv4" then 0 else 1 end), (if .l3 == "ipv4" then (.src | split(".") | map(tonumber)) else .src end)'
sorted id '.id'
sorted mark,zone '.mark, .zone, .id'
sorted -mark '-.mark, .id'
sorted sport '(.sport != null), (.sport // 0), .id'
sorted -dport,id '-(.dport // -1), (if .dport == null then 1 else 0 end), .id'
sorted l4,id '(.l4 | {"icmp":1,"tcp":6,"udp":17,"icmpv6":58}[.]), .id'
# timeouts tick: compare the order a single listing gives
got=$("$CTDASH" --netns "$NS" --list --json --sort -timeout | jq -s -c '[.[] | {timeout, id}]')
[ "$(jq -c 'sort_by(-.timeout, .id)' <<<"$got")" = "$got" ] || die "--sort -timeout is not in order"
[ "$("$CTDASH" --netns "$NS" --list --json --limit 3 | wc -l)" = 3 ] || die "--limit 3 without --sort"
note "sort orders and --limit"

# --- bad filters and keys -----------------------------------------------------------
bad_filter() { # FILTER COLUMN
	local err status
	err=$("$CTDASH" --netns "$NS" --list "$1" 2>&1 >/dev/null)
	status=$?
	[ "$status" = 2 ] || die "'$1': exit $status, expected 2"
	grep -q "bad filter at column $2: expected" <<<"$err" || die "'$1': $err"
}
bad_filter "dport 99999" 7
bad_filter "proto tcp and" 14
bad_filter "(assured" 9
bad_filter "src 10.0.0.0/40" 14
"$CTDASH" --netns "$NS" --list --sort nonsense >/dev/null 2>&1
[ $? = 2 ] || die "--sort nonsense: expected exit 2"
"$CTDASH" --netns "$NS" --list --once >/dev/null 2>&1
[ $? = 2 ] || die "--list --once: expected exit 2"
echo "1 passed, 0 failed"
