#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A dashboard that records steps back in time: with --record, [ shows the
# picture before (the title says PAST and its time, the Table meter the
# count of then), tuning is refused there with the reason, ] steps
# forward and l returns to the live table. Without --record, [ says what
# it needs. The help lists the keys.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing" >&2; exit $HARD; }

NS=$(ns_create ctpast) || exit 1
DIR=$TEST_TMP/past
mkdir -m 700 "$DIR"
DB=$DIR/flight.db
ctl() { ip netns exec "$NS" "$TOOLS/ctload" "$@" >/dev/null; }
ctl udp --src 127.0.0.2 --dst 127.0.0.3 --ports 2000-2099
tui_start 120 32
tui_run_ctdash "'$CTDASH' --netns '$NS' --record '$DB' -d 5"
tui_wait_for ' 100/262,144| 100/' 10
# a few pictures of 100 entries, then 300 more
end=$((SECONDS + 10 * SLOW))
until [ -e "$DB" ] && [ "$(sqlite3 "$DB" 'SELECT count(*) FROM picture' 2>/dev/null)" -ge 4 ] ||
	[ $SECONDS -ge $end ]; do sleep 0.2; done
ctl udp --src 127.0.0.4 --dst 127.0.0.3 --ports 3000-3299
tui_wait_for ' 400/' 10
# step back until the picture of 100 entries shows
for i in $(seq 30); do
	tui_keys '['
	tui_screen | grep -q ' 100/' && break
	sleep 0.1
done
tui_wait_for 'PAST [0-9]{2}:[0-9]{2}:[0-9]{2} \(l: live\)' 5
tui_wait_for ' 100/' 5
tui_wait_for 'the picture of [0-9]{2}:[0-9]{2}:[0-9]{2}: \[ \] step' 5
note "$(tui_screen | head -2 | tail -1)"
# tuning acts on the live table: refused in the past
tui_keys m
tui_wait_for 'refused in the past: tuning and deletes act on the live table' 5
# the live snapshots go on being recorded meanwhile
n=$(sqlite3 "$DB" 'SELECT count(*) FROM picture')
sleep 1
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM picture')" -gt "$n" ] || die "recording stopped in the past"
tui_keys l
tui_wait_for 'live again' 5
tui_wait_gone 'PAST ' 5
tui_wait_for ' 400/' 5
# the help lists the keys
# (found by a search: the help is longer than the screen)
tui_keys F1
tui_wait_for 'Help: Esc' 5
tui_keys /
tui_type 'the picture before'
tui_keys Enter
tui_wait_for '\[ .*the picture before' 5
tui_keys Escape
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit 0"
# without a recording, [ says what it needs
tui_keys C-l
tui_run_ctdash "'$CTDASH' --netns '$NS' -d 5"
tui_keys '['
tui_wait_for 'stepping back needs a recording: start ctdash with --record FILE' 5
tui_keys q
note "ok: past"
