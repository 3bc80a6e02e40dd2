#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --replay FILE on the dashboard: a recording made up by recsynth (half an
# hour, a picture a second, a minute of drops in the middle) opened at the
# incident's peak shows REPLAY, its time and the incident in the title,
# the TABLE FULL line and the dropping advice of that moment, a timeline
# (the picture's place, the incident marked); [ ] step,
# { } find the incident, @ goes to a typed time, l and tuning keys are
# refused with the reason.
# A file that is not a recording is refused before the screen opens.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing" >&2; exit $HARD; }

DIR=$TEST_TMP/replay
mkdir -m 700 "$DIR"
DB=$DIR/synth.db
"$TOOLS/recsynth" "$DB" 1800 1 0 $((64 << 20)) 1 >/dev/null || die "recsynth failed"
peak=$(sqlite3 "$DB" 'SELECT peak FROM incident')
start=$(sqlite3 "$DB" 'SELECT start FROM incident')
when() { date -d "@${1%.*}" +%H:%M:%S; }
tui_start 130 36
tui_run_ctdash "'$CTDASH' --replay '$DB' --at '@$peak'"
tui_wait_for "REPLAY $(when "$peak"), incident 1 of 1, its peak" 10
tui_wait_for '^ TABLE FULL: dropping packets since' 5
# the title's timeline: 24 cells over the half hour, the picture shown
# ('|') on the incident's minute in the middle, nothing marked elsewhere
tui_wait_for '\[-{10,12}!?\|!?-{10,12}\]' 5
note "$(tui_screen | head -3 | tail -2)"
tui_keys a
tui_wait_for 'dropping' 5
tui_keys Escape
# one picture back, then the incident's peak again with }
tui_keys '['
tui_wait_for "REPLAY $(when "$(awk -v p="$peak" 'BEGIN { printf "%.0f", p - 1 }')")" 5
tui_keys '{'
tui_wait_for 'no incident before this picture' 5
tui_keys ']'
tui_keys ']'
tui_wait_for "REPLAY $(when "$(awk -v p="$peak" 'BEGIN { printf "%.0f", p + 1 }')")" 5
# @ takes a time as --at does
tui_keys '@'
tui_wait_for 'go to \(03:02, 03:02:15, -20m\):' 5
tui_type "$(when "$start")"
tui_keys Enter
tui_wait_for "REPLAY $(when "$start"), incident 1 of 1" 5
# and at the first picture: the place at the left, the incident still marked
first=$(sqlite3 "$DB" 'SELECT min(t) FROM picture')
tui_keys '@'
tui_type "$(when "$first")"
tui_keys Enter
tui_wait_for '\[\|-{9,11}!{1,2}-{10,12}\]' 5
tui_keys '@'
tui_type 25:00
tui_keys Enter
tui_wait_for "invalid time '25:00'" 5
tui_keys m
tui_wait_for 'refused in the past: tuning and deletes act on the live table' 5
tui_keys l
tui_wait_for 'a replay: there is no live table here \(q quits\)' 5
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit 0"
# not a recording: refused before the screen
head -c 4096 /dev/urandom >"$DIR/junk.db"
chmod 600 "$DIR/junk.db"
out=$("$CTDASH" --replay "$DIR/junk.db" 2>&1 </dev/null)
st=$?
[ $st = 1 ] && grep -q "not a recording" <<<"$out" || die "junk file: status $st, '$out'"
note "ok: replay ($start to $peak)"
