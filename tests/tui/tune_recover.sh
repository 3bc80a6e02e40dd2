#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# After a crash: ctdash killed with SIGKILL right after a change;
# `ctdash --undo-last --netns NS --journal J` restores the old value. And
# the next interactive start offers to review what an earlier session
# left in force: a dialog listing it, n keeps it (journalled: the next
# start does not ask about it again, issue 22), r asks to be sure and y
# to that reverts it all (one journalled transaction): r alone writes
# nothing (issue 12, item 7). With nothing left, no dialog.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctde) || exit 1
J=$(new_journal)
# shell_again: after a kill -9, ^C for a fresh prompt, and nothing typed
# before the shell has taken it (it echoes ^C): keys typed while it still
# handled the interrupt lost the start of the next command line, and what
# came after its last quote waited at bash's "> " for the closing one
shell_again() {
	tui_keys C-c
	tui_wait_for '^ctdt\$ \^C' 5
}
tt_start "$NS" "$J"
tt_timeout time_wait
tt_type_value 10
tt_dialog 'Change tcp_timeout_time_wait\?'
tt_yes_timed "read back 10" >/dev/null
pid=$(tui_ctdash_pid)
[ -n "$pid" ] || die "no ctdash running"
kill -9 "$pid"
tui_wait_for '^EXIT=137' 5
[ "$(nsval "$NS" $TW)" = 10 ] || die "time_wait is $(nsval "$NS" $TW) after the crash"
out=$("$CTDASH" --undo-last --netns "$NS" --journal "$J") || die "--undo-last exited $?: $out"
grep -q "^reverted $TW in namespace '$NS': 10 -> 120 " <<<"$out" || die "unexpected: $out"
[ "$(nsval "$NS" $TW)" = 120 ] || die "--undo-last left $(nsval "$NS" $TW)"
note "kill -9 mid-session, then --undo-last: back to 120"

# a preset and a single change, then a crash
shell_again   # the shell after kill -9: a fresh line
tt_restart "$NS" "$J"
tui_wait_gone '┌' 2  # nothing in force: no review
tui_keys p
tt_dialog 'Presets of timeouts'
tui_keys 1
tt_dialog "Apply the preset 'router-example'\\? \\(8 changes\\)"
tt_yes_timed "profile router-example: 8 changes applied" >/dev/null
tt_timeout time_wait
tt_type_value 30
tt_dialog 'Change tcp_timeout_time_wait\?'
tt_yes_timed "10 -> 30, read back 30" >/dev/null
kill -9 "$(tui_ctdash_pid)"
tui_wait_for '^EXIT=137' 5

# the review lists what is in force, newest first: for time_wait the
# latest change (10 -> 30), the preset's 120 -> 10 lies under it
shell_again
tui_keys C-l
tui_type "'$CTDASH' --netns '$NS' --journal '$J'; echo EXIT=\$?"
tui_keys Enter
tt_dialog 'An earlier session left 8 changes in force'
screen=$(tui_stable_screen)
for want in "The journal $J records" "tcp_timeout_time_wait +now 30 \(30s\) +before 10 \(10s\)" \
	"icmp_timeout +now 10 \(10s\) +before 30 \(30s\)" "r: revert them all +n or Esc: keep them"; do
	grep -Eq -- "$want" <<<"$screen" || { echo "$screen" >&2; die "the review lacks /$want/"; }
done
# n keeps them
tui_keys n
tui_wait_for 'kept the 8 changes of the earlier session' 5
[ "$(nsval "$NS" $TW)" = 30 ] || die "n in the review changed time_wait to $(nsval "$NS" $TW)"
tt_quit
note "the review lists the 8 changes in force (newest first); n keeps them"

# next start: kept, so not asked again
tt_restart "$NS" "$J"
tui_wait_gone '┌' 2
grep -Eq "^[0-9T:-]+Z keep " "$J" || die "the journal lacks the keep records"
note "after n the next start does not ask again (keep records in the journal)"

# a later change, then a crash: only it is asked about; r, then y
tt_timeout time_wait
tt_type_value 40
tt_dialog 'Change tcp_timeout_time_wait\?'
tt_yes_timed "30 -> 40, read back 40" >/dev/null
kill -9 "$(tui_ctdash_pid)"
tui_wait_for '^EXIT=137' 5
shell_again
tui_keys C-l
tui_type "'$CTDASH' --netns '$NS' --journal '$J'; echo EXIT=\$?"
tui_keys Enter
tt_dialog 'An earlier session left 1 change in force'
undo_before=$(records "$J" undo)
tui_keys r
# r alone writes nothing: it asks again
tt_dialog 'Revert the 1 change now\?'
tui_wait_for 'y: revert them now +n or Esc: keep them' 5
[ "$(nsval "$NS" $TW)" = 40 ] || die "r alone changed time_wait to $(nsval "$NS" $TW)"
[ "$(records "$J" undo)" = "$undo_before" ] || die "r alone journalled an undo"
note "r alone writes nothing: it asks 'Revert the 1 change now?'"
tui_keys y
tui_wait_for "undone, $TW: 40 -> 30, read back 30" 5
# what lies under it was kept: not asked again
tui_wait_gone '┌' 2
[ "$(nsval "$NS" $TW)" = 30 ] || die "after r, y time_wait is $(nsval "$NS" $TW), not 30"
[ $(($(records "$J" undo) - undo_before)) = 1 ] || die "the revert was not journalled as 1 undo"
tt_quit
tt_restart "$NS" "$J"
tui_wait_gone '┌' 2
tt_quit
note "r, y reverts the later change (journalled); what was kept stays; the next start has nothing to review"
tt_took
