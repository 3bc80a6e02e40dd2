#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/tui/measure-delete.sh [N]: the screen's delete on a big table, in
# tmux: N UDP flows (default 100,000) over 10 sources in a namespace of
# its own; the list filtered to 9 of them, k a y, yes Enter. Prints the
# time from Enter to the first "deleting… N/M" and to the result, and how
# long F6 (next sort column) took to show while the delete ran: the keys
# are answered meanwhile. tmux polling adds up to ~50 ms to each figure.
# A measurement, not a test; run by hand as root (make check builds the
# tools): TESTLIB=tests/lib/lib.sh CTDASH=... TOOLS=... bash $0
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root
N=${1:-100000}
NS=$(ns_create ctdm) || exit 1
J=$(new_journal)
ns_sysctl "$NS" nf_conntrack_udp_timeout 7200
ip netns exec "$NS" "$TOOLS/ctload" fill --count "$N" --sources 127.0.3.1-127.0.3.10 >/dev/null ||
	die "ctload fill failed"
tui_start 140 40
tui_run_ctdash "'$CTDASH' --netns '$NS' --journal '$J'"
tt_loaded
tui_keys L
tui_wait_for "showing [0-9,]+ of [0-9,]+ matching" 30
tui_keys '\'
tui_wait_for 'Filter \(e\.g\.' 5
tui_keys C-u
tui_type 'not src 127.0.3.1'
tui_keys Enter
tui_wait_for "showing [0-9,]+ of [0-9,]+ matching 'not src 127.0.3.1'" 30
tui_keys k
tt_dialog 'Delete this entry\?'
tui_keys a
tt_dialog 'Delete [0-9,]+ entries\?'
tui_keys y
tt_dialog 'Really delete'
tui_type yes
t0=$(date +%s%N)
tui_keys Enter
tui_wait_for 'deleting… [0-9,]+/[0-9,]+' 30
first=$(ms_since "$t0")
t1=$(date +%s%N)
tui_keys F6
tui_wait_for ', by src' 10
f6=$(ms_since "$t1")
progress=$(tui_screen | grep -Eo 'deleting… [0-9,]+/[0-9,]+' | head -n 1)
tui_wait_for 'deleted [0-9,]+, already gone [0-9,]+, failed [0-9,]+' 120
done_ms=$(ms_since "$t0")
result=$(tui_screen | grep -Eo 'deleted [0-9,]+, already gone [0-9,]+, failed [0-9,]+' | head -n 1)
tt_quit
note "$N entries, $(ip netns exec "$NS" conntrack -C) left; Enter to first progress ${first} ms; F6 answered in ${f6} ms while deleting (then: $progress); Enter to '$result' ${done_ms} ms"
