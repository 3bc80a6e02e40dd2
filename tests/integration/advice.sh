#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Advice on real tables, in namespaces made here: each rule fires when its
# condition holds, with the exact command, and a healthy table gets
# nothing critical. Dropping: a namespace filled to a lowered global max
# (restored on every exit path) that keeps receiving new flows gives a
# critical "dropping" item in --json --interval.
. "$TESTLIB"
need_root
pass=0 fail=0
check() { # check NAME CONDITION...
	local name=$1
	shift
	if "$@"; then pass=$((pass + 1)); note "ok: $name"; else fail=$((fail + 1)); echo "not ok: $name" >&2; fi
}
ctl() { local ns=$1; shift; ip netns exec "$ns" "$TOOLS/ctload" "$@" >/dev/null; }
advice() { # advice NS [ctdash options]: the advice array
	local ns=$1
	shift
	"$CTDASH" --netns "$ns" --json "$@" | jq -c '.advice'
}
item() { printf '%s' "$1" | jq -c --arg id "$2" '.[] | select(.id == $id)'; }

# A healthy table: a few flows of mixed kinds, nothing critical, no warning.
NS=$(ns_create ctadv) || exit 1
ctl "$NS" udp --src 127.0.0.2 --dst 127.0.0.3 --ports 2000-2040
ctl "$NS" ping --count 3
a=$(advice "$NS" --interval 1)
check "healthy: no advice ($a)" [ "$a" = "[]" ]

# TIME_WAIT: 1,500 closed connections, 2m each.
NS=$(ns_create ctadv) || exit 1
ctl "$NS" tcp-timewait --count 1500 --src 127.0.0.5
a=$(advice "$NS")
tw=$(item "$a" time_wait)
check "time_wait fires" [ -n "$tw" ]
check "time_wait: sysctl -w command in the namespace" \
	[ "$(printf '%s' "$tw" | jq -r '.commands[0]')" = \
	  "ip netns exec $NS sysctl -w net.netfilter.nf_conntrack_tcp_timeout_time_wait=30" ]
check "time_wait: evidence" [ "$(printf '%s' "$tw" | jq -r '.evidence.entries')" = 1500 ]
# the command it gives works, and then the rule is quiet
eval "$(printf '%s' "$tw" | jq -r '.commands[0]')" >/dev/null
check "time_wait quiet after its own command" [ -z "$(item "$(advice "$NS")" time_wait)" ]

# Most entries to one port (the TIME_WAIT connections' server port): the
# NOTRACK rules name it, both directions.
pt=$(item "$a" port)
port=$(printf '%s' "$pt" | jq -r '.evidence.port')
check "port fires" [ -n "$pt" ]
check "port: names a port ($port)" [ "${port:-0}" -gt 0 ]
check "port: --dport in PREROUTING" grep -q -- "PREROUTING -p tcp --dport $port -j NOTRACK" <<<"$pt"
check "port: --sport in OUTPUT" grep -q -- "OUTPUT -p tcp --sport $port -j NOTRACK" <<<"$pt"
check "port: nft notrack" grep -q "prerouting tcp dport $port notrack" <<<"$pt"

# Loopback only: the notrack rules for lo, both tools, and the command works.
lo=$(item "$a" loopback)
check "loopback fires" [ -n "$lo" ]
check "loopback: iptables NOTRACK for lo" \
	grep -q -- "-t raw -I PREROUTING -i lo -j NOTRACK" <<<"$lo"
check "loopback: nft notrack for lo" grep -q "prerouting iifname lo notrack" <<<"$lo"
while read -r cmd; do
	eval "$cmd" >/dev/null 2>&1 || { fail=$((fail + 1)); echo "not ok: '$cmd' failed" >&2; }
done < <(printf '%s' "$lo" | jq -r '.commands[] | select(contains("nft"))')
ip netns exec "$NS" conntrack -F 2>/dev/null
ctl "$NS" udp --src 127.0.0.2 --dst 127.0.0.3 --ports 3000-3100
n=$(ip netns exec "$NS" conntrack -C)
check "after the nft notrack commands loopback is not tracked (count $n)" [ "$n" -eq 0 ]

# Loopback spread over 250 sources, more than the top list holds: the
# share is every loopback entry's, from a dump and from events alike.
NS=$(ns_create ctadv) || exit 1
ctl "$NS" fill --count 5000 --sources 127.0.1.1-127.0.1.250
for how in "" "--interval 2"; do
	# shellcheck disable=SC2086 # $how is two words or none
	lo=$(item "$(advice "$NS" $how)" loopback)
	check "loopback over 250 sources ${how:-dump}: all 5000 ($lo)" \
		[ "$(printf '%s' "$lo" | jq -r '.evidence.entries')" = 5000 ]
done

# Dropping now: the namespace full under a lowered global max, new flows
# arriving while --interval measures.
NS=$(ns_create ctadv) || exit 1
overfill "$NS"
j=$("$CTDASH" --netns "$NS" --json --interval 2)
kill $FLOOD 2>/dev/null
restore_global_max
d=$(printf '%s' "$j" | jq -c '.advice[] | select(.id == "dropping")')
note "$(printf '%s' "$d" | jq -r .text)"
check "dropping: critical in --json --interval" [ "$(printf '%s' "$d" | jq -r .level)" = critical ]
check "dropping: interval says so" [ "$(printf '%s' "$j" | jq -r .interval.dropping)" = true ]
check "dropping: names the namespace" grep -q "namespace '$NS'" <<<"$d"
check "dropping: raise max on the host" \
	grep -q '"sysctl -w net.netfilter.nf_conntrack_max=' <<<"$d"
check "fill: critical and names the namespace" \
	[ "$(printf '%s' "$j" | jq -r '.advice[] | select(.id == "fill") | .level')" = critical ]
# one reading cannot say "now"
j1=$("$CTDASH" --netns "$NS" --json)
check "one reading: dropped (info), not dropping" \
	[ "$(printf '%s' "$j1" | jq -r '[.advice[] | select(.id == "dropping")] | length')" = 0 ]
check "one reading: dropped since boot is info" \
	[ "$(printf '%s' "$j1" | jq -r '.advice[] | select(.id == "dropped") | .level')" = info ]

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
