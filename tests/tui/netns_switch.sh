#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The namespaces view: N lists every network namespace, fullest first,
# with its count; Enter on one shows the dashboard for it (the title names
# it and the Table meter shows its count); Esc comes back to the first.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

A=$(ns_create ctsa) || exit 1
B=$(ns_create ctsb) || exit 1
# the timeout first: an entry keeps the timer it was made with, so set
# after the flows it left them their 30 s
for ns in "$A" "$B"; do ns_sysctl "$ns" nf_conntrack_udp_timeout 3600; done
ctload "$A" udp --ports 3000-3006
ctload "$B" udp --ports 3000-3016
[ "$(ns_count "$A")" = 7 ] && [ "$(ns_count "$B")" = 17 ] || die "the namespaces do not hold 7 and 17"

tui_start 120 40
tui_run_ctdash "'$CTDASH' --netns '$A' -d 5"
tui_wait_for "netns $A " 5
tui_keys N
tui_wait_for 'Network namespaces: [0-9]+, dropping now first, then fullest' 5
tui_wait_for " $B +17 " 5
tui_wait_for " $A +7 .*\(shown\)" 5
# fullest first: B's row above A's
screen=$(tui_stable_screen)
rb=$(grep -n " $B " <<<"$screen" | head -1 | cut -d: -f1)
ra=$(grep -n " $A " <<<"$screen" | grep -v netns | head -1 | cut -d: -f1)
[ -n "$rb" ] && [ -n "$ra" ] && [ "$rb" -lt "$ra" ] || { echo "$screen" >&2; die "$B (17) is not listed above $A (7)"; }

# select B: / search, Enter keeps the row, Enter shows it
tui_keys /
tui_type "$B"
tui_keys Enter
tui_keys Enter
tui_wait_for "netns $B " 5
tui_wait_for "showing $B" 5
for _ in $(seq 100); do [ "$(screen_count)" = 17 ] && break; sleep 0.05; done
[ "$(screen_count)" = 17 ] || { tui_screen >&2; die "after Enter the Table shows $(screen_count), not $B's 17"; }
note "Enter on $B: the dashboard shows its 17 entries"

# one Esc goes back (the message that says so goes with it)
tui_keys Escape
tui_wait_for "netns $A " 5
for _ in $(seq 100); do [ "$(screen_count)" = 7 ] && break; sleep 0.05; done
[ "$(screen_count)" = 7 ] || { tui_screen >&2; die "after Esc the Table shows $(screen_count), not $A's 7"; }
note "Esc: back to $A's 7 entries"
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit 0"
echo "1 passed, 0 failed"
