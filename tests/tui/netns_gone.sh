#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The namespace deleted by name while the dashboard shows it: ctdash keeps
# it alive by being in it, but nothing can name it any more. The title
# says GONE, and every write is refused with the reason: nothing is
# written and nothing journalled.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctde) || exit 1
J=$(new_journal)
GONE='the namespace ctdash was asked to read is gone'
tt_start "$NS" "$J" -d 5
tui_wait_for "netns $NS " 5
ip netns del "$NS" || die "cannot delete $NS"
tui_wait_for "netns $NS GONE" 5
tt_timeout time_wait
for k in Enter + m; do
	tui_keys "$k"
	tui_wait_for "^$GONE" 5
	tui_keys Escape
	tui_wait_gone "^$GONE" 5
done
[ -e "$J" ] && die "a write to a gone namespace was journalled: $(cat "$J")"
tt_quit
tt_took
