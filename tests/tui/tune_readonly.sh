#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --read-only: the title says read-only, the timeouts view says why, and
# every write key (Enter, e, +, -, m, b, u, U, p, w) is refused with the
# reason in the status line; nothing is written, no journal is made.
# Without the privilege (nobody, no capabilities): read-only too, with
# that reason; the views still open. Changes an earlier session left in
# force are reported, not offered for revert, in read-only mode.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctde) || exit 1
J=$(new_journal)
RO='read-only mode \(--read-only\): ctdash changes nothing'
tt_start "$NS" "$J" --read-only
tui_wait_for '^ ctdash .* read-only' 5
tui_keys t
tui_wait_for '▸ Timeouts: [0-9]+, 0 differ from the kernel default \(\*\), read-only' 5
tui_wait_for "^ +$RO" 5
tt_timeout time_wait
refused() {
	tui_keys "$1"
	tui_wait_for "^$RO" 5
	tui_keys Escape   # clears the message
	tui_wait_gone "^$RO" 5
	tui_wait_for '▸ Timeouts' 2
}
for k in Enter e + - m b u U p w; do
	refused "$k"
done
[ "$(nsval "$NS" $TW)" = 120 ] || die "--read-only: time_wait changed to $(nsval "$NS" $TW)"
[ -e "$J" ] && die "--read-only made a journal: $(cat "$J")"
tui_keys J
tui_wait_for "▸ Journal $J: 0 records" 5
tui_wait_for 'nothing recorded yet' 5
tt_quit
note "--read-only: Enter e + - m b u U p w all refused with the reason; no write, no journal"

# an earlier session's change in force: said, not offered
"$TOOLS/tunectl" --netns "$NS" --journal "$J" <<<"set $TW 10" | grep -q '^ok' || die "tunectl could not set time_wait"
tt_restart "$NS" "$J" --read-only
# the message is long: wrapped over the lines above the status line
tui_wait_for "^1 change an earlier session made is still in force \(journal" 5
tui_wait_for "ctdash cannot revert it here: read-only" 5
tui_wait_gone '┌' 1
tt_quit
[ "$(nsval "$NS" $TW)" = 10 ] || die "--read-only reverted an earlier change"
note "--read-only at start: the earlier change in force is reported, not reverted"

# no privilege: read-only with that reason
copy=$(private_copy)
J2="$TUI_WORK/nobody-journal"
tui_keys C-l
tui_run_ctdash "ip netns exec '$NS' setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all '$copy' --journal '$J2'"
tui_wait_for '^ ctdash .* read-only' 5
tui_keys t
tui_wait_for '▸ Timeouts: [0-9]+, 1 differs from the kernel default \(\*\), read-only' 5
tui_wait_for 'read-only: changing nf_conntrack_tcp_timeout_established needs root' 5
tt_timeout time_wait
tui_keys Enter
tui_wait_for '^changing nf_conntrack_tcp_timeout_time_wait needs root \(CAP_NET_ADMIN in this' 5
tui_keys Escape
tui_keys p
tui_wait_for '^changing nf_conntrack_tcp_timeout_established needs root' 5
tt_quit
[ "$(nsval "$NS" $TW)" = 10 ] || die "without privilege time_wait changed"
[ -e "$J2" ] && die "without privilege a journal was made"
note "without privilege: read-only, 'needs root (CAP_NET_ADMIN in this namespace)'"
tt_took
