#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Never a key for an action that will be refused (issue 22, "One truth on
# every screen"), in the advice view: an item that names a setting offers
# Enter where the write can be made, and under --read-only says why not
# and offers no key (Enter then changes nothing); an item with neither a
# setting nor a delete offers no Enter at all.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctar) || exit 1
J=$(new_journal)
J2=$(new_journal)
ns_sysctl "$NS" "$TW" 600
# 1,200 TIME_WAIT entries kept 600 s: a warning that names the timeout
ip netns exec "$NS" "$TOOLS/ctload" tcp-timewait --count 1200 --src 127.0.0.6 >/dev/null ||
	die "ctload could not fill $NS"
WARN='^ warning +[0-9]+% of entries are TIME_WAIT'

# allowed: Enter is offered
tui_start 110 40
tui_run_ctdash "'$CTDASH' --netns '$NS' --journal '$J' -d 5"
tui_keys a
tui_wait_for "$WARN" 10
tui_wait_for '^ Enter: change tcp_timeout_time_wait to 30s \(asks first\)' 5
tt_quit

# --read-only: the same item says why, and no key
tt_restart "$NS" "$J2" --read-only -d 5
tui_keys a
tui_wait_for "$WARN" 10
tui_wait_for '^ Not from here: read-only mode \(--read-only\): ctdash changes nothing' 5
screen=$(tui_stable_screen)
grep -q 'Enter: ' <<<"$screen" && { echo "$screen" >&2; die "--read-only: the advice offers Enter"; }
tui_keys Enter
# the reason again on the status line, no dialog
tui_wait_for '^read-only mode \(--read-only\): ctdash changes nothing' 5
tui_wait_gone '┌' 1
[ "$(nsval "$NS" "$TW")" = 600 ] || die "--read-only: Enter changed time_wait to $(nsval "$NS" "$TW")"

# an item with no action: no Enter line at all (the loopback note)
# (one Down at a time, each waited for: a Down sent while the screen
# still showed the row before could carry the selection past the note)
at() { tui_screen | sed -En 's/^. Advice: .* ([0-9]+)\/[0-9]+ *$/\1/p' | head -n 1; }
for _ in $(seq 20); do
	tui_stable_screen | grep -qE '^ [0-9]+% of entries come from loopback addresses' && break
	was=$(at)
	tui_keys Down
	# the key's answer: the panel's position moves on (not past the last row)
	for ((i = 0; i < 40 * SLOW; i++)); do
		[ "$(at)" != "$was" ] && break
		sleep 0.05
	done
done
screen=$(tui_stable_screen)
grep -qE '^ [0-9]+% of entries come from loopback addresses' <<<"$screen" ||
	{ echo "$screen" >&2; die "cannot select the loopback note"; }
grep -qE '^ (Enter: |Not from here)' <<<"$screen" && { echo "$screen" >&2; die "the loopback note offers an action"; }
tt_quit
[ -e "$J2" ] && die "--read-only made a journal: $(cat "$J2")"
note "Enter offered where it works; under --read-only the reason and no key; no action, no line"
echo "1 passed, 0 failed"
