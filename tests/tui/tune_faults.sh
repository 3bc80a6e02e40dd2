#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The write path's faults at the keys (issue 12): a value the kernel
# refuses (a timeout above INT_MAX/HZ, EINVAL) and a journal whose disk is
# full. The status line names the setting and the reason, the value is
# read back unchanged, and the dashboard goes on working: the next change
# is made once there is room. Runs in a private mount namespace, so the
# tiny tmpfs goes away with the test whatever happens.
if [ -z "${CTDW_PRIVATE_MOUNTS:-}" ]; then
	# without root, lib.sh skips (or fails) before unshare could refuse
	[ "$(id -u)" = 0 ] || . "$TESTLIB"
	command -v unshare >/dev/null || { echo "unshare (util-linux) is missing" >&2; exit 99; }
	CTDW_PRIVATE_MOUNTS=1 exec unshare -m --propagation private bash "$0" "$@"
fi
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctde) || exit 1
FULL=$(mktemp -d /tmp/ctdw-full.XXXXXX) || die "mktemp failed"
_restore+=("umount '$FULL' 2>/dev/null; rmdir '$FULL'")
mount -t tmpfs -o size=64k,mode=0700 ctdash-test "$FULL" || die "cannot mount a tmpfs on $FULL"
J=$FULL/journal
tui_start 120 30
tui_run_ctdash "'$CTDASH' --netns '$NS' --journal '$J'"
tt_loaded
tt_timeout time_wait

# EINVAL: ctdash's own check lets it through, the kernel refuses it
tt_type_value 2147483647
tt_dialog 'Change tcp_timeout_time_wait\?'
tui_keys y
tui_wait_for "the kernel refused 2147483647 for $TW" 10
tui_wait_for "still holds 120: nothing was changed" 5
[ "$(nsval "$NS" $TW)" = 120 ] || die "EINVAL: time_wait is $(nsval "$NS" $TW)"
[ "$(records "$J" apply)" = 1 ] && [ "$(records "$J" actual)" = 1 ] ||
	die "EINVAL: the journal does not say it was not applied: $(cat "$J")"
note "EINVAL: the status line names the setting and the reason; 120 kept"

# the journal's disk full: nothing written, the reason on screen
size=$(fill_up "$FULL" "$J") || exit 1
tt_type_value 30
tt_dialog 'Change tcp_timeout_time_wait\?'
tui_keys y
tui_wait_for "cannot write the journal $J \(No space left on device\)" 10
[ "$(nsval "$NS" $TW)" = 120 ] || die "disk full: time_wait is $(nsval "$NS" $TW), written without a journal"
[ "$(stat -c %s "$J")" = "$size" ] || die "disk full: part of a record was left: $(tail -c 100 "$J")"
note "journal disk full: nothing written, the reason on screen"

# room again: the same change goes through
rm -f "$FULL/fill"
tt_type_value 30
tt_dialog 'Change tcp_timeout_time_wait\?'
tui_keys y
tui_wait_for "$TW: 120 -> 30, read back 30" 10
[ "$(nsval "$NS" $TW)" = 30 ] || die "time_wait is $(nsval "$NS" $TW) once there was room"
tt_quit
out=$("$CTDASH" --undo-last --netns "$NS" --journal "$J") || die "--undo-last: $out"
[ "$(nsval "$NS" $TW)" = 120 ] || die "--undo-last left time_wait at $(nsval "$NS" $TW)"
note "with room again the change is made, and --undo-last reverts only it"
echo "3 passed, 0 failed"
