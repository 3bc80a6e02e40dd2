#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The list view without CAP_NET_ADMIN (nobody, no capabilities): the title
# says why the entries cannot be read, in words ("needs CAP_NET_ADMIN (run
# as root)"), not "error -1"; it offers no A for accounting, which needs
# root too, and does not call the unread table "no entry matches".
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing" >&2; exit $HARD; }

NS=$(ns_create ctdr) || exit 1
ns_sysctl "$NS" nf_conntrack_acct 0
tui_start 140 30
copy=$(private_copy)
tui_run_ctdash "ip netns exec '$NS' setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all '$copy' --journal '$TUI_WORK/j'"
tui_keys L
tui_wait_for 'Entries: cannot be read: reading the entry table needs CAP_NET_ADMIN \(run as root\)' 10
screen=$(tui_stable_screen)
grep -q 'error -' <<<"$screen" && die "the list view shows an error number: $screen"
grep -q 'A turns it on' <<<"$screen" && die "the list view offers A without the privilege: $screen"
grep -q 'no entry matches' <<<"$screen" && die "the unread table is called empty: $screen"
tui_keys q
status=$(tui_exit_status)
[ "$status" = 0 ] || die "ctdash exited $status"
note "without CAP_NET_ADMIN the list view says why, and offers nothing that needs root"
echo "1 passed, 0 failed"
