#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The namespaces view shows each namespace's top churner: a namespace
# made here with a steady burst of new flows from 127.0.0.7 shows
# "127.0.0.7 N/s" in its row, checked against conntrack -L there; a quiet
# one (a few flows, nothing new) shows no churner. Selected, the quiet one
# is watched whatever else churns on the host, and reads "quiet". Once
# the view is closed, ctdash leaves no socket listening in the busy one.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

BUSY=$(ns_create ctub) || exit 1
QUIET=$(ns_create ctuq) || exit 1
for ns in "$BUSY" "$QUIET"; do ns_sysctl "$ns" nf_conntrack_udp_timeout 600; done
ctload "$QUIET" udp --src 127.0.0.9 --ports 3000-3004
ip netns exec "$BUSY" "$TOOLS/ctload" churn --rate 500 --seconds $((120 * SLOW)) --src 127.0.0.7 >/dev/null &
ns_track_pid $!

tui_start 200 50
tui_run_ctdash "'$CTDASH' --netns '$QUIET' --view namespaces -d 5"
tui_wait_for 'Network namespaces: [0-9]+, dropping now first' 10
tui_wait_for ' namespace .* drop/s +top churner \(new/s\)' 5
# a row: label, count, fill, drops a second, top churner, workload, holder
tui_wait_for " $BUSY +[0-9,]+ +[0-9.]+% +[0-9.]+ +127\\.0\\.0\\.7 [0-9.]+/s " 15
top=$(ct_top_src "$BUSY")
[ "$top" = 127.0.0.7 ] || die "conntrack -L's top source in $BUSY is '$top'"
note "[${SECONDS}s] $BUSY: $(tui_screen | grep -o "127\\.0\\.0\\.7 [0-9.]*/s" | head -1)"
row=$(tui_screen | grep " $QUIET ")
grep -q '127\.0\.0\.7' <<<"$row" && die "the quiet namespace shows the burster: $row"

# selected: watched first, and nothing new there
tui_keys /
tui_type "$QUIET"
tui_keys Enter
tui_wait_for " $QUIET +5 +[0-9.]+% +[0-9.]+ +quiet " 15
note "[${SECONDS}s] $QUIET selected: quiet"

# listening is a socket in the namespace, in the NEW group: there while
# the view is shown, gone once it is not (the packet path pays for it)
# (ctdash's own: other ctdash runs on the host may listen there too)
ct_sockets() {
	local ino n=0
	for ino in $(ip netns exec "$1" awk '$2 == 12 { print $NF }' /proc/net/netlink); do
		ls -l "/proc/$PID/fd" 2>/dev/null | grep -q "socket:\[$ino\]" && n=$((n + 1))
	done
	echo "$n"
}
wait_sockets() { # NS TEST: until the count of netfilter sockets in NS passes TEST
	local i
	for ((i = 0; i < 100 * SLOW; i++)); do
		[ "$(ct_sockets "$1")" "$2" 0 ] && return 0
		sleep 0.1
	done
	die "$1: ctdash holds $(ct_sockets "$1") netfilter netlink sockets there, wanted $2 0"
}
PID=$(tui_ctdash_pid)
[ -n "$PID" ] || die "no ctdash process in the pane"
wait_sockets "$BUSY" -gt
# Esc ends the search first, then the view
for _ in 1 2 3; do
	tui_keys Escape
	sleep 0.5
	tui_screen | grep -Eq 'Network namespaces: [0-9]+, dropping now first' || break
done
tui_wait_gone 'Network namespaces: [0-9]+, dropping now first' 5
wait_sockets "$BUSY" -eq
note "[${SECONDS}s] the view closed: no socket left listening in $BUSY"
tui_keys q
tui_wait_for 'EXIT=0' 10
