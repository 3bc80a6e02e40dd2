#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Compare-and-set at the keys: while the confirmation is open, the value
# is changed behind ctdash's back (written to the namespace's /proc); y
# then writes nothing, says so, and asks again showing the value there
# now; a second y writes. Nothing is journalled for the refused attempt.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctde) || exit 1
J=$(new_journal)
tt_start "$NS" "$J"
tt_timeout time_wait
tt_type_value 30s
tt_dialog 'Change tcp_timeout_time_wait\?'
tui_wait_for '120 \(2m\) +-> +30 \(30s\)' 5

ns_sysctl "$NS" $TW 77   # someone else, while the dialog is open
tui_keys y
tui_wait_for "is now 77, not 120 as shown" 5
tui_wait_for "77 \(1m17s\) +-> +30 \(30s\)" 5
tt_dialog 'Change tcp_timeout_time_wait\?'
[ "$(nsval "$NS" $TW)" = 77 ] || die "ctdash overwrote a value changed behind its back: $(nsval "$NS" $TW)"
[ ! -e "$J" ] || [ "$(records "$J" apply)" = 0 ] || die "the refused write was journalled: $(cat "$J")"
note "a value changed behind ctdash's back is detected before writing, and the dialog asks again"

# again, while asking again: still caught
ns_sysctl "$NS" $TW 88
tui_keys y
tui_wait_for "is now 88, not 77 as shown" 5
[ "$(nsval "$NS" $TW)" = 88 ] || die "overwritten on the second try: $(nsval "$NS" $TW)"

ms=$(tt_yes_timed "$TW: 88 -> 30, read back 30")
[ "$(nsval "$NS" $TW)" = 30 ] || die "the confirmed write left $(nsval "$NS" $TW)"
[ "$(records "$J" apply)" = 1 ] || die "expected one apply record: $(cat "$J")"
grep -q " $TW 88 30\$" "$J" || die "the journal does not say 88 -> 30: $(cat "$J")"
note "after a new look, y writes 88 -> 30 (${ms} ms)"

# Escape in the dialog that asks again also writes nothing
tt_type_value 10
tt_dialog 'Change tcp_timeout_time_wait\?'
ns_sysctl "$NS" $TW 45
tui_keys y
tui_wait_for "is now 45, not 30 as shown" 5
tui_keys Escape
tui_wait_gone '┌ Change' 2
[ "$(nsval "$NS" $TW)" = 45 ] || die "Escape after a refused write wrote $(nsval "$NS" $TW)"
tt_quit
tt_took
