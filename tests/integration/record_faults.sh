#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The recording when things go wrong, in a namespace made here: a kill -9
# while it writes (the file opens, whole, at most the picture being
# written lost), a full disk (a small tmpfs in a private mount namespace:
# recording pauses with a message, ctdash goes on, and resumes when there
# is room), the size bound (a long made-up run stays under a small cap),
# a file owned by someone else, one that is not a recording, one cut short
# (refused or read up to the damage, with the reason, never a crash), and
# an empty one.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/record_lib.sh"
need_root
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing" >&2; exit $HARD; }
not_mounted() { ! mountpoint -q "$1"; }

NS=$(ns_create ctrecf) || exit 1
ip netns exec "$NS" "$TOOLS/ctload" udp --src 127.0.0.2 --dst 127.0.0.3 --ports 2000-2100 >/dev/null
DIR=$TEST_TMP/rec
mkdir -m 700 "$DIR"

# kill -9 while recording every tenth of a second
DB=$DIR/killed.db
"$CTDASH" --record "$DB" --netns "$NS" -d 1 --json >"$DIR/killed.jsonl" 2>"$DIR/killed.err" &
REC=$!
ns_track_pid $REC
lines "$DIR/killed.jsonl" 20 20 || die "the recorder printed no pictures: $(cat "$DIR/killed.err")"
kill -9 $REC
wait $REC 2>/dev/null
printed=$(wc -l <"$DIR/killed.jsonl")
kept=$(sqlite3 "$DB" 'SELECT count(*) FROM picture')
check "after kill -9 the file is whole" [ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ]
check "every printed picture is in it, at most one more ($printed printed, $kept kept)" \
	[ "$kept" -ge "$printed" -a "$kept" -le $((printed + 1)) ]
out=$("$CTDASH" --replay "$DB" --json 2>&1 >/dev/null)
check "it replays ($out)" grep -q "the picture of" <<<"$out"
# and recording goes on into it
"$CTDASH" --record "$DB" --netns "$NS" -d 1 --json >"$DIR/again.jsonl" 2>"$DIR/again.err" &
REC=$!
ns_track_pid $REC
lines "$DIR/again.jsonl" 3 20
kill -TERM $REC
wait $REC
check "recording again into it ($(cat "$DIR/again.err"))" [ "$(sqlite3 "$DB" 'SELECT count(*) FROM picture')" -ge $((kept + 3)) ]

# beside the exporter: --textfile goes on, the pictures are recorded,
# and SIGTERM still stops it cleanly (the writer's thread takes no signal)
"$CTDASH" --textfile "$DIR/x.prom" --record "$DIR/exported.db" --netns "$NS" -d 2 \
	</dev/null 2>"$DIR/exported.err" &
REC=$!
ns_track_pid $REC
end=$((SECONDS + 20 * SLOW))
until [ -e "$DIR/exported.db" ] && [ "$(sqlite3 "$DIR/exported.db" 'SELECT count(*) FROM picture' 2>/dev/null)" -ge 3 ] ||
	[ $SECONDS -ge $end ]; do sleep 0.2; done
kill -TERM $REC
wait $REC
st=$?
check "with --textfile: recorded, and stopped by SIGTERM with status 0 ($st)" \
	[ $st = 0 -a -s "$DIR/x.prom" -a "$(sqlite3 "$DIR/exported.db" 'SELECT count(*) FROM picture')" -ge 3 ]

# a full disk: 2 MiB of tmpfs, nearly all taken by a filler file
cat >"$DIR/full.sh" <<SH
set -u
mount -t tmpfs -o size=2m,mode=700 tmpfs "$DIR/small" || exit 99
"$CTDASH" --record "$DIR/small/full.db" --netns "$NS" -d 2 --json >"$DIR/full.jsonl" 2>"$DIR/full.err" &
rec=\$!
sleep 1
dd if=/dev/zero of="$DIR/small/filler" bs=64k 2>/dev/null
# wait (bounded) for the pause, then make room
for i in \$(seq $((100 * SLOW))); do grep -q paused "$DIR/full.err" && break; sleep 0.2; done
n=\$(wc -l <"$DIR/full.jsonl")
sleep 2
alive=0; kill -0 \$rec && alive=1
m=\$(wc -l <"$DIR/full.jsonl")
rm -f "$DIR/small/filler"
for i in \$(seq $((100 * SLOW))); do grep -q resumed "$DIR/full.err" && break; sleep 0.2; done
kill -TERM \$rec; wait \$rec; st=\$?
echo "alive=\$alive before=\$n after=\$m status=\$st"
echo "integrity=\$(sqlite3 "$DIR/small/full.db" 'PRAGMA integrity_check')"
umount "$DIR/small"
SH
mkdir -m 700 "$DIR/small"
res=$(unshare -m --propagation private bash "$DIR/full.sh")
note "$res; $(tr '\n' ' ' <"$DIR/full.err")"
check "full disk: recording paused, with the reason" grep -q "recording paused: the disk holding $DIR/small/full.db is full" "$DIR/full.err"
check "full disk: ctdash went on" grep -q "alive=1" <<<"$res"
before=$(sed -n 's/.*before=\([0-9]*\).*/\1/p' <<<"$res")
after=$(sed -n 's/.*after=\([0-9]*\).*/\1/p' <<<"$res")
check "full disk: pictures still taken while paused ($before, then $after)" [ "$after" -gt "$before" ]
check "full disk: resumed once there was room" grep -q "recording resumed to $DIR/small/full.db" "$DIR/full.err"
check "full disk: exit 0, file whole" grep -qz "status=0.*integrity=ok" <<<"$res"
check "full disk: the tmpfs is gone" not_mounted "$DIR/small"

# the size bound: six hours of pictures a second under a 2 MiB cap (made
# up to end when recsynth starts, at t0 or after, however long it runs)
t0=$(date +%s)
out=$("$TOOLS/recsynth" "$DIR/capped.db" 21600 1 0 $((2 << 20)))
bytes=$(( $(stat -c %s "$DIR/capped.db") + $(stat -c %s "$DIR/capped.db-wal" 2>/dev/null || echo 0) ))
note "$out; file and log: $bytes bytes"
check "size bound: file and log under 2 MiB ($bytes)" [ "$bytes" -le $((2 << 20)) ]
check "size bound: the newest pictures kept" [ "$(sqlite3 "$DIR/capped.db" \
	"SELECT max(t) >= $t0 - 2 FROM picture")" = 1 ]
check "size bound: the oldest gone" [ "$(sqlite3 "$DIR/capped.db" \
	"SELECT min(t) > $t0 - 21000 FROM picture")" = 1 ]

# thinning and incidents in a day made up at a picture a second; the
# newest picture is "now" for the thinning
out=$("$TOOLS/recsynth" "$DIR/day.db" 86400 1 0 $((256 << 20)) 1)
note "$out"
q() { sqlite3 "$DIR/day.db" "$1"; }
newest="(SELECT max(t) FROM picture)"
check "thinning: all of the last 10 minutes" [ "$(q "SELECT count(*) >= 599 FROM picture WHERE t > $newest - 600")" = 1 ]
check "thinning: one every 10 s before, outside incidents" [ "$(q "SELECT count(*) FROM (SELECT CAST(t / 10 AS INTEGER) b FROM picture
	WHERE keep = 0 AND t < $newest - 700 GROUP BY b HAVING count(*) > 1)")" = 0 ]
check "thinning: the day is all there, thinned ($(q 'SELECT count(*) FROM picture'))" \
	[ "$(q "SELECT count(*) BETWEEN 8500 AND 9800 AND min(t) < $newest - 86000 FROM picture")" = 1 ]
check "incident marked with start, end and peak" [ "$(q "SELECT count(*) FROM incident WHERE start <= peak AND peak <= end AND why = 'drops'")" = 1 ]
check "incident: every picture around it kept" [ "$(q "SELECT count(*) >= 60 FROM picture p, incident i WHERE p.t BETWEEN i.start AND i.end")" = 1 ]

# trust: someone else's file, a file that is not a recording, one cut short, an empty one
cp "$DIR/day.db" "$DIR/foreign.db"
chown nobody "$DIR/foreign.db"
out=$("$CTDASH" --replay "$DIR/foreign.db" --json 2>&1); st=$?
check "foreign-owned: refused with the reason ($out)" said $st 1 "$out" "belongs to uid"
out=$("$CTDASH" --record "$DIR/foreign.db" 2>&1 </dev/null); st=$?
check "foreign-owned: not recorded into ($out)" said $st 1 "$out" "belongs to uid"
head -c 100000 /dev/urandom >"$DIR/junk.db"
chmod 600 "$DIR/junk.db"
out=$("$CTDASH" --replay "$DIR/junk.db" --json 2>&1); st=$?
check "not a recording: refused with the reason ($out)" said $st 1 "$out" "not a recording\|not a database"
head -c $(( $(stat -c %s "$DIR/day.db") / 2 )) "$DIR/day.db" >"$DIR/cut.db"
chmod 600 "$DIR/cut.db"
"$CTDASH" --replay "$DIR/cut.db" --history >"$DIR/cut.out" 2>"$DIR/cut.err"; st=$?
note "cut short: $(wc -l <"$DIR/cut.out") pictures, status $st: $(head -c 300 "$DIR/cut.err")"
check "cut short: no crash, the reason said" [ "$st" -lt 128 -a -s "$DIR/cut.err" ]
: >"$DIR/empty.db"
chmod 600 "$DIR/empty.db"
out=$("$CTDASH" --replay "$DIR/empty.db" --once 2>&1); st=$?
check "empty file: says so ($out)" said $st 1 "$out" "empty"
out=$("$CTDASH" --replay "$DIR/day.db" --list --at now 2>&1 >/dev/null); st=$?
check "an incident without a sample says so ($out)" said $st 1 "$out" "no sample"
out=$("$CTDASH" --replay "$DIR/day.db" --once --at 25:00 2>&1); st=$?
check "a bad TIME is refused ($out)" said $st 2 "$out" "invalid time '25:00'"

checks_done
