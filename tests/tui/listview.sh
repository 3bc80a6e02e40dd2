#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The list view (L): the entries of a known table a row each, "showing K
# of M matching", a filter typed on the screen (a bad one answered in the
# input line with its column), the sort column and its reversal, the
# selected entry whole below, and back to the panes.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

NS=$(ns_create ctdt) || exit 1
known_traffic "$NS"
total=$(ip netns exec "$NS" conntrack -C)

tui_start 140 40
tui_run_ctdash "'$CTDASH' --netns '$NS'"
tui_wait_for 'TIME_WAIT +6 ' 10

tui_keys L
tui_wait_for "showing $total of $total matching '' \\(of $total\\), by timeout" 10
tui_wait_for 'proto +state +timeout +source' 5
tui_stable_screen | grep -Eq 'udp +- +[0-9]+ +127\.0\.0\.9:[0-9]+ +127\.0\.0\.1:200[01][0-9]' ||
	die "no UDP row:
$(tui_screen)"
# the selected entry whole, below the list
tui_wait_for 'original .* -> .* reply .* -> ' 5
tui_wait_for 'id [0-9]+ +mark 0 +zone 0' 5

# filters, typed: each kind of entry in turn
filter() { # TEXT COUNT ROW-REGEX
	tui_keys '\'
	tui_wait_for 'Filter \(e\.g\.' 5
	tui_keys C-u
	tui_type "$1"
	tui_keys Enter
	tui_wait_for "showing $2 of $2 matching '$1'" 10
	tui_stable_screen | grep -Eq "$3" || die "'$1': no row like '$3':
$(tui_screen)"
}
filter 'proto tcp and state ESTABLISHED' 4 'tcp +ESTABLISHED +[0-9]+ +127\.0\.0\.7:[0-9]+ .*ASSURED'
filter 'l3 ipv6' 3 'udp +- +[0-9]+ +\[::1\]:[0-9]+ +\[::1\]:2100[0-2]'
filter 'proto icmp' 2 'icmp +- '
filter 'proto tcp and src 127.0.0.8' 6 'tcp +TIME_WAIT'
tui_stable_screen | grep -E '^ *udp ' && die "a UDP row shows under a TCP filter"
# a bad filter: refused in the input line, with its column; Esc keeps the old one
tui_keys F4
tui_wait_for 'Filter' 5
tui_keys C-u
tui_type 'dport 99999'
tui_keys Enter
tui_wait_for 'column 7: expected a port 0-65535' 5
tui_keys Escape
tui_wait_for "showing 6 of 6 matching 'proto tcp and src 127.0.0.8'" 5

# the sort column and its reversal
tui_keys F6
tui_wait_for 'by src\b' 5
tui_keys I
tui_wait_for 'by src reversed' 5

# back to the panes
tui_keys L
tui_wait_for 'TIME_WAIT +6 ' 10

# Enter on a row of each aggregate pane lists that row's entries
drill() { # TABS SEARCH FILTER-SHOWN
	local i
	for ((i = 0; i < $1; i++)); do
		tui_keys Tab
	done
	tui_keys /
	tui_type "$2"
	tui_keys Enter
	tui_keys Enter
	tui_wait_for "showing [0-9]+ of [0-9]+ matching '$3'" 10
	tui_keys L
	tui_wait_for 'TIME_WAIT +6 ' 10
}
drill 0 udp 'proto udp'
tui_wait_for 'TIME_WAIT +6 ' 5
drill 1 TIME_WAIT 'proto tcp and state TIME_WAIT'
drill 1 127.0.0.8 'src 127.0.0.8'
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit 0"
echo "1 passed, 0 failed"
