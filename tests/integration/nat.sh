#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# NAT (issue 19) on real translation: a client namespace behind a router
# namespace that masquerades to a narrow range (1000-1999) and DNATs a
# service address to two backends in a server namespace, one of which
# stops answering (UDP). Veth pairs between namespaces this test makes,
# addresses from 10.200.0.0/16 only, created inside them; nothing on the
# host's namespace. ctdash's SNAT tuples and DNAT backends must equal what
# `conntrack -L` of the router says, its range must be the rule's, and the
# dead backend must be flagged once its oldest unanswered flow is older
# than 30 s, and only it.
. "$TESTLIB"
need_root

C=$(ns_create ctnc) || exit 1
R=$(ns_create ctnr) || exit 1
S=$(ns_create ctns) || exit 1
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@" || die "$* failed in $ns"; }

# links made inside the namespaces, never in the host's
nsx "$C" ip link add c0 type veth peer name r0 netns "$R"
nsx "$R" ip link add r1 type veth peer name s0 netns "$S"
nsx "$C" ip addr add 10.200.1.2/24 dev c0
nsx "$R" ip addr add 10.200.1.1/24 dev r0
nsx "$R" ip addr add 10.200.2.1/24 dev r1
for a in 10.200.2.2 10.200.2.11 10.200.2.12; do nsx "$S" ip addr add "$a/24" dev s0; done
nsx "$C" ip link set c0 up
nsx "$R" ip link set r0 up
nsx "$R" ip link set r1 up
nsx "$S" ip link set s0 up
nsx "$C" ip route add default via 10.200.1.1
nsx "$R" sysctl -q -w net.ipv4.ip_forward=1
# start times, so a backend's silence is measured in one dump; flows kept
# for the length of the test
ns_sysctl "$R" nf_conntrack_timestamp 1
ns_sysctl "$R" nf_conntrack_udp_timeout 900
ns_sysctl "$R" nf_conntrack_udp_timeout_stream 900
nsx "$R" nft -f - <<'NFT'
table ip ctnat {
	chain pre {
		type nat hook prerouting priority dstnat; policy accept;
		ip daddr 10.200.9.9 udp dport 5353 dnat to numgen inc mod 2 map { 0 : 10.200.2.11, 1 : 10.200.2.12 }
	}
	chain post {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "r1" meta l4proto udp masquerade to :1000-1999
	}
}
NFT

# the backends: a UDP echo on each address (perl-base has the socket module)
echo_on() {
	ip netns exec "$S" perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(LocalAddr => $ARGV[0], LocalPort => 5353, Proto => "udp")
			or die "bind: $!";
		while (defined $s->recv(my $m, 2048)) { $s->send($m) }' "$1" </dev/null >/dev/null &
	ns_track_pid $!
	echo_pid=$!
}
echo_on 10.200.2.11
echo_on 10.200.2.12
dead_pid=$echo_pid
# a datagram from a new socket (a new source port, a new flow) a call;
# wait for the echoes to be bound first
send() { nsx "$C" bash -c "for i in \$(seq $3); do echo x > /dev/udp/$1/$2; done"; }
deadline=$((SECONDS + 10 * SLOW))
until nsx "$S" ss -Hlun | grep -q 10.200.2.12:5353 && nsx "$S" ss -Hlun | grep -q 10.200.2.11:5353; do
	[ $SECONDS -lt $deadline ] || die "the echo servers did not bind"
	sleep 0.1
done

# phase 1: both backends answer
send 10.200.9.9 5353 20
# phase 2: the second stops answering; new flows to it go unreplied
kill "$dead_pid"
wait "$dead_pid" 2>/dev/null
nsx "$S" nft add table ip quiet
nsx "$S" nft add chain ip quiet in '{ type filter hook input priority 0; }'
nsx "$S" nft add rule ip quiet in ip daddr 10.200.2.12 drop
sleep 0.5 # the replies of phase 1 are in flight no longer
send 10.200.9.9 5353 20
stopped_at=$SECONDS
# SNAT pressure: 600 flows to one server port, 60% of 1000-1999
send 10.200.2.2 7000 600

ctdash() { "$CTDASH" --netns "$R" "$@"; }
# what conntrack -L of the router says, read by field name
listing() { ip netns exec "$R" conntrack -L -o extended 2>/dev/null; }
from_listing() {
	awk -v want="$1" '{
		delete o; delete r; unrep = / \[UNREPLIED\]/
		for (i = 1; i <= NF; i++) {
			if (split($i, kv, "=") != 2) continue
			if (kv[1] in o) r[kv[1]] = kv[2]; else o[kv[1]] = kv[2]
		}
		proto = $3
		snat = r["dst"] != o["src"] || r["dport"] != o["sport"]
		dnat = r["src"] != o["dst"] || r["sport"] != o["dport"]
		if (want == "snat" && snat)
			n[r["dst"] " " proto " " r["src"] " " r["sport"]]++
		if (want == "dnat" && dnat) {
			k = o["dst"] " " o["dport"] " " proto " " r["src"] " " r["sport"]
			n[k]++; u[k] += unrep
		}
	} END { for (k in n) print k, n[k] (want == "dnat" ? " " u[k] + 0 : "") }' | sort
}
json=$(ctdash --json) || die "ctdash --json failed"
ours_snat() { jq -r '.snat[] | "\(.addr) \(.proto) \(.dst) \(.dport) \(.entries)"' <<<"$1" | sort; }
ours_dnat() {
	jq -r '.dnat[] | . as $s | .backends[] |
		"\($s.dst) \($s.dport) \($s.proto) \(.addr) \(.port) \(.entries) \(.unreplied)"' <<<"$1" | sort
}
want_snat=$(listing | from_listing snat)
want_dnat=$(listing | from_listing dnat)
note "conntrack -L, SNAT: $(echo $want_snat)"
note "conntrack -L, DNAT: $(echo $want_dnat)"
[ "$(ours_snat "$json")" = "$want_snat" ] ||
	die "SNAT tuples differ: ctdash $(ours_snat "$json" | tr '\n' ';') conntrack $(tr '\n' ';' <<<"$want_snat")"
[ "$(ours_dnat "$json")" = "$want_dnat" ] ||
	die "DNAT backends differ: ctdash $(ours_dnat "$json" | tr '\n' ';') conntrack $(tr '\n' ';' <<<"$want_dnat")"
[ "$(jq -r .snat_entries <<<"$json")" = "$(listing | from_listing snat | awk '{ n += $5 } END { print n }')" ] ||
	die "snat_entries is $(jq -r .snat_entries <<<"$json")"

# the range is the rule's, and says so
[ "$(jq -r '.snat_range | "\(.lo)-\(.hi) \(.from_rules)"' <<<"$json")" = "1000-1999 true" ] ||
	die "the range read is $(jq -c .snat_range <<<"$json")"
jq -r .snat_range.origin <<<"$json" | grep -q 'nft: masquerade to :1000-1999' ||
	die "the range's origin says $(jq -r .snat_range.origin <<<"$json")"
# (a few of the client's 600 sockets may reuse a source port: one flow)
top=$(jq -r '.snat[0] | "\(.addr) \(.dst) \(.dport)"' <<<"$json")
[ "$top" = "10.200.2.1 10.200.2.2 7000" ] || die "the top SNAT tuple is $top"
top_entries=$(jq -r '.snat[0].entries' <<<"$json")
[ "$top_entries" -gt 550 ] || die "only $top_entries flows to 10.200.2.2:7000"
jq -e --argjson n "$top_entries" '.snat[0].share == $n / 1000' <<<"$json" >/dev/null ||
	die "the share is $(jq .snat[0].share <<<"$json"), not $top_entries / 1000"
# --once says it too
ctdash --once | grep -q "10.200.2.1 -> 10.200.2.2 udp/7000 .* $top_entries .*$(awk -v n="$top_entries" 'BEGIN { printf "%.1f%%", n / 10 }')" || die "--once does not show the SNAT tuple"

# both backends answer until the dead one's first unanswered flow is 30 s old
answering() { jq -r --arg a "$2" '.dnat[] | select(.dst == "10.200.9.9") | .backends[] |
	select(.addr == $a) | .answering' <<<"$1"; }
if [ $((SECONDS - stopped_at)) -lt 25 ]; then
	[ "$(answering "$json" 10.200.2.12)" = true ] || die "10.200.2.12 is flagged before 30 s"
fi
deadline=$((SECONDS + 60 * SLOW))
while :; do
	json=$(ctdash --json) || die "ctdash --json failed"
	[ "$(answering "$json" 10.200.2.12)" = false ] && break
	[ $SECONDS -lt $deadline ] || die "10.200.2.12 still counts as answering after $((SECONDS - stopped_at)) s"
	sleep 1
done
[ $((SECONDS - stopped_at)) -ge 30 ] || die "10.200.2.12 was flagged $((SECONDS - stopped_at)) s after it stopped"
[ "$(answering "$json" 10.200.2.11)" = true ] || die "10.200.2.11 is flagged too"
note "10.200.2.12 flagged $((SECONDS - stopped_at)) s after it stopped"
ctdash --once | grep -q '10.200.2.12 .*NOT ANSWERING' || die "--once does not flag 10.200.2.12"
# the advice: the SNAT tuple above half the range, and the silent
# backend with the exact delete and the key; nothing about 10.200.2.11
items() { jq -c --arg id "$2" '[.advice[] | select(.id == $id)]' <<<"$1"; }
snat_adv=$(items "$json" snat_pressure)
[ "$(jq -r 'length' <<<"$snat_adv")" = 1 ] || die "snat_pressure items: $snat_adv"
[ "$(jq -r '.[0].evidence | "\(.addr) \(.dst) \(.dport)"' <<<"$snat_adv")" = "10.200.2.1 10.200.2.2 7000" ] ||
	die "snat_pressure names $(jq -c '.[0].evidence' <<<"$snat_adv")"
silent=$(items "$json" dnat_silent)
[ "$(jq -r 'length' <<<"$silent")" = 1 ] || die "dnat_silent items: $silent"
jq -r '.[0].text' <<<"$silent" | grep -q 'Backend 10.200.2.12 port 5353 of service 10.200.9.9 udp/5353' ||
	die "dnat_silent says $(jq -r '.[0].text' <<<"$silent")"
del_filter='dnat and reply-src 10.200.2.12 and unreplied'
jq -r '.[0].commands[]' <<<"$silent" | grep -qxF "ip netns exec $R ctdash --delete '$del_filter'" ||
	die "dnat_silent's commands are $(jq -c '.[0].commands' <<<"$silent")"
[ "$(jq -r '.[0].key' <<<"$silent")" = "a Enter" ] || die "dnat_silent's key is $(jq -r '.[0].key' <<<"$silent")"

# the delete touches exactly the dead backend's unanswered entries
ids() { ip netns exec "$R" conntrack -L -o id 2>/dev/null | sed -n 's/.* id=\([0-9]*\)$/\1/p' | sort; }
dead_ids() {
	ip netns exec "$R" conntrack -L -o id 2>/dev/null |
		awk '/ \[UNREPLIED\] / && / src=10.200.2.12 / { sub(/.* id=/, ""); print }' | sort
}
before=$(ids) dead=$(dead_ids)
[ "$(wc -l <<<"$dead")" = "$(jq -r '.dnat[].backends[] | select(.addr == "10.200.2.12") | .unreplied' <<<"$json")" ] ||
	die "conntrack -L lists $(wc -l <<<"$dead") unanswered entries of 10.200.2.12"
[ "$(ctdash --list --json "$del_filter" | jq -r .id | sort)" = "$dead" ] ||
	die "the advice's filter lists other entries than the dead backend's"
ctdash --journal "$TEST_TMP/journal" --delete "$del_filter" --yes >/dev/null || die "the delete failed"
after=$(ids)
[ "$(comm -23 <(echo "$before") <(echo "$after"))" = "$dead" ] ||
	die "the delete removed $(comm -23 <(echo "$before") <(echo "$after") | wc -l) entries, not the $(wc -l <<<"$dead") of 10.200.2.12"
[ -z "$(dead_ids)" ] || die "entries of 10.200.2.12 are left"
json=$(ctdash --json) || die "ctdash --json failed"
[ "$(items "$json" dnat_silent)" = "[]" ] || die "dnat_silent still fires after the delete"
echo "PASS"
