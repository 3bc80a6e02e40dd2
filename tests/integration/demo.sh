#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ctdash --demo: entries appear within seconds in a namespace of its own,
# and nothing is left behind - no namespace, no load generator, no
# janitor - after q, SIGTERM, SIGHUP, SIGINT, even SIGKILL, or a --json
# run that simply ends. The host's timeouts are never touched (its
# nf_conntrack_max is not compared: benchmarks may raise it meanwhile).
. "$TESTLIB"
need_root
command -v tmux >/dev/null || { echo "tmux is missing" >&2; exit $HARD; }

SESSION=ctdw-demo-$$
# a tmux server of its own, as tests/lib/tuilib.sh gives every TUI test:
# a session in a shared default server is at the mercy of that server
tmx() { tmux -L "ctdw-$$" "$@"; }
_restore+=("tmx kill-server 2>/dev/null")
TW=nf_conntrack_tcp_timeout_time_wait
host_tw=$(cat /proc/sys/net/netfilter/$TW)

# wait_until SECONDS CMD...: poll every 0.1 s.
wait_until() {
	local tenths=$(($1 * 10)) i
	shift
	for ((i = 0; i < tenths; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
has_ns() { [ -e "/run/netns/ctdash-demo-$1" ] || ip netns list | grep -q "^ctdash-demo-$1\( \|$\)"; }
no_ns() { ! has_ns "$1"; }
# ended: no such process, or a zombie nobody reaped (PID 1 on some VMs
# reaps no orphan)
gone() { ! kill -0 "$1" 2>/dev/null || [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
count_in() { ip netns exec "ctdash-demo-$1" cat /proc/sys/net/netfilter/nf_conntrack_count 2>/dev/null || echo 0; }
enough_entries() { [ "$(count_in "$1")" -ge 100 ]; }

# The dashboard on the demo, in a terminal; sets PID and KIDS.
start_dashboard() {
	tmx new-session -d -s "$SESSION" -x 120 -y 40 "exec '$CTDASH' --demo"
	PID=$(tmx list-panes -t "$SESSION" -F '#{pane_pid}')
	wait_until 10 has_ns "$PID" || die "no namespace ctdash-demo-$PID after 10 s"
	wait_until 10 enough_entries "$PID" ||
		die "only $(count_in "$PID") entries in ctdash-demo-$PID after 10 s"
	KIDS=$(ps --ppid "$PID" -o pid=)
	local names
	names=$(ps --ppid "$PID" -o comm= | sort | tr '\n' ' ')
	[ "$names" = "ctdash-janitor ctdash-loadgen " ] || die "unexpected children of ctdash: $names"
	ip netns exec "ctdash-demo-$PID" nft list ruleset | grep -q 'ct state' ||
		die "no ct state rule in the demo namespace"
}

check_clean() {
	local how=$1 k
	wait_until 10 gone "$PID" || die "$how: ctdash $PID still running after 10 s"
	wait_until 5 no_ns "$PID" || die "$how: namespace ctdash-demo-$PID left behind"
	for k in $KIDS; do
		wait_until 5 gone "$k" || die "$how: process $k ($(cat /proc/$k/comm 2>/dev/null)) left running"
	done
	tmx kill-session -t "$SESSION" 2>/dev/null
	note "$how: ctdash $PID and its namespace, generator and janitor are gone"
}

for how in q TERM HUP INT KILL; do
	start_dashboard
	if [ "$how" = q ]; then
		tmx send-keys -t "$SESSION" q
	else
		kill -"$how" "$PID"
	fi
	check_clean "$how"
done

# A report: it waits for the first entries, prints them, and cleans up.
out=$(mktemp /tmp/ctdw-demo.XXXXXX)
_restore+=("rm -f '$out'")
"$CTDASH" --demo --json >"$out" &
pid=$!
wait "$pid" || die "ctdash --demo --json exited $?"
count=$(jq -r .count "$out")
tw=$(jq -r .tcp_states.TIME_WAIT "$out")
[ "$count" -ge 100 ] || die "--demo --json saw only $count entries"
[ "$tw" -gt 0 ] || die "--demo --json saw no TIME_WAIT entries"
[ "$(jq -r .l4.udp "$out")" -gt 0 ] || die "--demo --json saw no UDP entries"
wait_until 5 no_ns "$pid" || die "--json: namespace ctdash-demo-$pid left behind"

[ "$(cat /proc/sys/net/netfilter/$TW)" = "$host_tw" ] || die "the host's time_wait changed"
