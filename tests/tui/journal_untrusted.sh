#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The dashboard and a journal another user owns (issue 12, item 2): the
# review at start does not offer that user's records as changes to revert;
# the status line says why the journal was refused.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

EST=nf_conntrack_tcp_timeout_established
NS=$(ns_create ctdu) || exit 1
NSID=$(stat -L -c %i "/run/netns/$NS")
J=$(new_journal)
mkdir -p "$(dirname "$J")"
# uid 65534 wrote a record that, reverted, would set established to 1
printf '2025-11-22T00:03:12Z apply evil - %s %s %s 1 432000\n' "$NSID" "$NS" $EST >"$J"
chown 65534:65534 "$J"

tui_start 100 24
tui_run_ctdash "'$CTDASH' --netns '$NS' --journal '$J'"
tui_wait_for 'belongs to uid 65534' 10
tui_screen | grep -q '┌' && die "the dashboard offered the untrusted journal's records: $(tui_screen)"
tt_quit
[ "$(nsval "$NS" $EST)" = 432000 ] || die "established changed to $(nsval "$NS" $EST)"
note "a journal uid 65534 owns: no review, the reason on the status line"
echo "1 passed, 0 failed"
