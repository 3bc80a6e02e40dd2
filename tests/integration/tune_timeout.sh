#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Tuning a timeout against the real kernel, in a namespace of our own,
# through the one write path: the value reads back from that namespace's
# /proc, `2m` is 120, bad input changes nothing, undo restores, every
# change is journalled before it is made, and the host is not touched.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/tune_lib.sh"
need_root

TW=nf_conntrack_tcp_timeout_time_wait
NS=$(ns_create ctdw) || exit 1
J=$(new_journal)
host_tw=$(cat /proc/sys/net/netfilter/$TW)
[ "$(nsval "$NS" $TW)" = 120 ] || die "a new namespace should start with time_wait 120"

tune_start --netns "$NS" --journal "$J"
tune_expect ok "set $TW 10" >/dev/null
[ "$(nsval "$NS" $TW)" = 10 ] || die "time_wait is $(nsval "$NS" $TW) in $NS, expected 10"
[ "$(cat /proc/sys/net/netfilter/$TW)" = "$host_tw" ] || die "the host's time_wait changed"
[ "$(stat -c %a "$J")" = 600 ] || die "the journal is mode $(stat -c %a "$J"), expected 600"
[ "$(stat -c %a "$(dirname "$J")")" = 700 ] || die "the journal's directory is not 0700"

tune_expect ok "set $TW 2m" >/dev/null
[ "$(nsval "$NS" $TW)" = 120 ] || die "'2m' gave $(nsval "$NS" $TW), expected 120"
tune_expect ok "set $TW 5m" >/dev/null
[ "$(nsval "$NS" $TW)" = 300 ] || die "'5m' gave $(nsval "$NS" $TW), expected 300"

# Refused with a reason; nothing written, nothing journalled.
lines=$(wc -l <"$J")
for bad in abc -5 99999999999 12x "" 0; do
	got=$(tune "set $TW $bad")
	case "$got" in
	invalid*|error*) ;;
	*) die "'$bad' was not refused: $got" ;;
	esac
	[ "$(nsval "$NS" $TW)" = 300 ] || die "'$bad' changed time_wait to $(nsval "$NS" $TW)"
done
[ "$(wc -l <"$J")" = "$lines" ] || die "refused input was journalled"

# The journal: one apply record per change, this namespace's name, old and new.
[ "$(records "$J" apply)" = 3 ] || die "expected 3 apply records: $(cat "$J")"
awk '$2 == "apply"' "$J" | awk -v ns="$NS" -v tw=$TW '
	NR == 1 && !($6 == ns && $7 == tw && $8 == 120 && $9 == 10) { bad = 1 }
	NR == 2 && !($8 == 10 && $9 == 120) { bad = 1 }
	NR == 3 && !($8 == 120 && $9 == 300) { bad = 1 }
	length($1) != 20 || $1 !~ /^[0-9][0-9-]*T[0-9][0-9:]*Z$/ { bad = 1 }
	END { exit bad }' || die "journal records are not what was done: $(cat "$J")"

# u, u, u: back to the start of the session, then nothing left.
tune_expect ok undo >/dev/null
[ "$(nsval "$NS" $TW)" = 120 ] || die "undo gave $(nsval "$NS" $TW), expected 120"
tune_expect ok undo >/dev/null
[ "$(nsval "$NS" $TW)" = 10 ] || die "second undo gave $(nsval "$NS" $TW), expected 10"
tune_expect ok undo >/dev/null
[ "$(nsval "$NS" $TW)" = 120 ] || die "third undo gave $(nsval "$NS" $TW), expected 120"
tune_expect nothing undo >/dev/null
[ "$(records "$J" undo)" = 3 ] || die "expected 3 undo records: $(cat "$J")"

# U: a profile and a single change, undone with one plan.
tune_expect ok "profile router-example" >/dev/null
for pair in icmp_timeout:10 tcp_timeout_syn_recv:5 tcp_timeout_syn_sent:5 \
	tcp_timeout_established:600 tcp_timeout_fin_wait:10 tcp_timeout_time_wait:10 \
	tcp_timeout_close_wait:10 tcp_timeout_last_ack:10; do
	got=$(nsval "$NS" "nf_conntrack_${pair%%:*}")
	[ "$got" = "${pair#*:}" ] || die "profile: nf_conntrack_${pair%%:*} is $got, expected ${pair#*:}"
done
tune_expect ok "set nf_conntrack_udp_timeout 45" >/dev/null
[ "$(tune pending)" = "ok 9" ] || die "expected 9 changes pending"
tune_expect ok undo-all >/dev/null
for name in icmp_timeout:30 tcp_timeout_established:432000 tcp_timeout_time_wait:120 udp_timeout:30; do
	got=$(nsval "$NS" "nf_conntrack_${name%%:*}")
	[ "$got" = "${name#*:}" ] || die "after U, nf_conntrack_${name%%:*} is $got, expected ${name#*:}"
done
[ "$(tune pending)" = "ok 0" ] || die "changes still pending after U"
tune_stop
[ "$(cat /proc/sys/net/netfilter/$TW)" = "$host_tw" ] || die "the host's time_wait changed"
