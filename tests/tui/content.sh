#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The dashboard shows the namespace's table as it is: the count equals
# conntrack -C, and the protocols, TCP states (with the namespace's own
# timeouts) and top sources of known traffic are on screen, exactly.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

NS=$(ns_create ctdt) || exit 1
known_traffic "$NS"
# known_traffic set time_wait to 600 s here: the pane must show that, not
# the host's value
tui_start 120 40
tui_run_ctdash "'$CTDASH' --netns '$NS'"
tui_wait_for 'TIME_WAIT +6 ' 10
# rates need two snapshots
tui_wait_for '^Drops +drop [0-9.]+/s' 10
screen=$(tui_stable_screen)

shown=$(screen_count)
want=$(ns_count "$NS")
[ "$shown" = "$want" ] || { echo "$screen" >&2; die "the screen shows $shown entries, conntrack -C says $want"; }
[ "$want" = 35 ] || die "the namespace holds $want entries, 35 expected (20+3 udp, 6+4 tcp, 2 icmp)"
note "count on screen $shown = conntrack -C $want"

expect() {
	echo "$screen" | grep -Eq -- "$1" || { echo "$screen" >&2; die "not on screen: $2 (/$1/)"; }
}
# TCP states: count, share of TCP, the timeout this namespace has
expect ' TIME_WAIT +6 +60\.0% +10m' "TIME_WAIT 6, 60%, 10m"
expect ' ESTABLISHED +4 +40\.0% +5d' "ESTABLISHED 4, 40%, 5d"
expect ' SYN_SENT +0 +0\.0% +2m' "SYN_SENT 0 with its 2m timeout"
# protocols
expect ' ipv4 +32 ' "ipv4 32"
expect ' ipv6 +3 ' "ipv6 3"
expect ' tcp +10 ' "tcp 10"
expect ' udp +23 ' "udp 23"
expect ' icmp +2 ' "icmp 2"
expect ' assured +10 ' "assured 10"
# top sources, busiest first
expect ' 127\.0\.0\.9 +20 ' "source 127.0.0.9 with 20"
expect ' 127\.0\.0\.8 +6 ' "source 127.0.0.8 with 6"
expect ' 127\.0\.0\.7 +4 ' "source 127.0.0.7 with 4"
expect ' ::1 +3 ' "source ::1 with 3"
order=$(echo "$screen" | grep -Eo ' 127\.0\.0\.[0-9]+ +[0-9]+ ' | awk '{print $1}' | tr '\n' ' ')
case "$order" in
"127.0.0.9 127.0.0.8 127.0.0.7 127.0.0.1 "*) ;;
*) die "top sources out of order: $order" ;;
esac
expect 'Top sources \(5 distinct\)' "5 distinct sources"
# meters, per-CPU pane, title
expect '^Buckets ' "the bucket meter"
expect '^Memory .* now, .* at max' "the memory meter"
expect '^Drops +drop [0-9.]+/s' "drops per second"
expect 'Per-CPU counters' "the per-CPU pane"
expect ' all +[0-9]' "the per-CPU sum row"
expect "netns $NS" "the namespace in the title"
expect "kernel $(uname -r | cut -c1-10)" "the kernel in the title"
expect 'every 2\.0s' "the interval in the title"
expect 'dump [0-9]{2}:[0-9]{2}:[0-9]{2}' "the time of the last complete dump"
echo "$screen" | grep -q 'read-only' && die "root is shown read-only"

# the count follows the table: 10 more flows
ctload "$NS" udp --src 127.0.0.10 --dst 127.0.0.1 --ports 22000-22009
tui_wait_for "^Table .* 45/" 10
tui_wait_for ' 127\.0\.0\.10 +10 ' 5

tui_keys q
status=$(tui_exit_status)
[ "$status" = 0 ] || die "q exited $status"
tui_terminal_usable
note "content: ok"
