#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A recording outlives the build that made it (issue 20): pictures are
# tagged fields, not one build's structs. In a namespace made here, a few
# pictures are recorded (and printed live with --json); then sqlite3 makes
# the file another build's: meta names another version, one picture
# carries fields a later version added, one is as an older writer wrote
# it (the count alone). Each still replays: the first as the live --json
# printed it, byte for byte. A picture cut short or mangled is refused
# with the reason and where; --history reads the rest. A file of schema
# 1 (ctdash 0.2.0) is recorded into again: its tables gain the new
# columns, its old picture is refused with the reason, the new ones read.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/record_lib.sh"
need_root
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing" >&2; exit $HARD; }
NS=$(ns_create ctrecv) || exit 1
ip netns exec "$NS" "$TOOLS/ctload" udp --src 127.0.0.2 --dst 127.0.0.3 --ports 2000-2040 >/dev/null
DIR=$TEST_TMP/rec
mkdir -m 700 "$DIR"
DB=$DIR/v.db
q() { sqlite3 "$DB" "$1"; }
"$CTDASH" --record "$DB" --netns "$NS" -d 2 --json >"$DIR/live.jsonl" 2>"$DIR/err" &
REC=$!
ns_track_pid $REC
lines "$DIR/live.jsonl" 4 20 || die "the recorder printed no pictures: $(cat "$DIR/err")"
kill -TERM $REC
wait $REC
[ $? = 0 ] || die "--record did not stop with status 0: $(cat "$DIR/err")"
n=$(q "SELECT count(*) FROM picture")
read -r id1 t1 <<<"$(q "SELECT id, t FROM picture ORDER BY id LIMIT 1" | tr '|' ' ')"
read -r id2 t2 <<<"$(q "SELECT id, t FROM picture ORDER BY id LIMIT 1 OFFSET 1" | tr '|' ' ')"
check "schema 2 ($(q "SELECT value FROM meta WHERE key = 'schema'"))" [ "$(q "SELECT value FROM meta WHERE key = 'schema'")" = 2 ]

# another build's file: meta says so, and the first picture carries
# fields of a later version (tag 999 as a varint, 8 bytes and bytes; a
# field 77 inside the snapshot), which this build does not know: its
# fields inflated, those added, deflated again
q "UPDATE meta SET value = 'ctdash 9.9.9' WHERE key = 'created_by'"
python3 - "$DB" "$id1" <<'PY' || die "cannot add the later version's fields"
import sqlite3, sys, zlib
db = sqlite3.connect(sys.argv[1])
pic = int(sys.argv[2])
blob = db.execute("SELECT snap FROM picture WHERE id = ?", (pic,)).fetchone()[0]
assert blob[:5] == b"CTR\x02\x01", blob[:5]
pos = 5
while blob[pos] & 0x80:
    pos += 1
fields = zlib.decompress(blob[pos + 1:])
fields += bytes.fromhex("b83e05b93e0102030405060708ba3e0268690a04ea040100")
n, length = len(fields), b""
while n >= 0x80:
    length += bytes([n & 0x7f | 0x80])
    n >>= 7
length += bytes([n])
db.execute("UPDATE picture SET snap = ? WHERE id = ?", (b"CTR\x02\x01" + length + zlib.compress(fields), pic))
db.commit()
PY
j=$("$CTDASH" --replay "$DB" --json --at "@$t1" 2>"$DIR/rerr"); st=$?
check "a later version's fields: replayed ($st: $(head -c 200 "$DIR/rerr"))" [ $st = 0 ]
check "a later version's fields: the live --json of that picture, byte for byte" grep -Fxq -- "$j" "$DIR/live.jsonl"

# an older writer's picture: the snapshot's count (2900) and nothing else
t_old=$(awk -v t="$t1" 'BEGIN { printf "%.3f", t - 3600 }')
q "INSERT INTO picture(t, snap) VALUES($t_old, x'43545202000a0308d416')"
j=$("$CTDASH" --replay "$DB" --json --at "@$t_old" 2>"$DIR/rerr"); st=$?
check "an older writer's picture: replayed ($st: $(head -c 200 "$DIR/rerr"))" [ $st = 0 ]
check "an older writer's picture: what it wrote ($(json_get "$j" .count))" [ "$(json_get "$j" .count)" = 2900 ]
check "an older writer's picture: the rest zero ($(json_get "$j" .max))" [ "$(json_get "$j" .max)" = 0 ]

# damage: the second picture cut short, then mangled
q "UPDATE picture SET snap = substr(snap, 1, length(snap) - 5) WHERE id = $id2"
out=$("$CTDASH" --replay "$DB" --json --at "@$t2" 2>&1 >/dev/null); st=$?
check "cut short: refused with the reason and where ($st: $out)" \
	said $st 1 "$out" "a picture's deflated bytes are damaged (zlib: "
"$CTDASH" --replay "$DB" --history >"$DIR/h.out" 2>"$DIR/h.err"; st=$?
check "cut short: --history reads the rest ($(wc -l <"$DIR/h.out") of $((n + 1)), $st: $(head -c 300 "$DIR/h.err"))" \
	said $st 1 "$(wc -l <"$DIR/h.out") $(cat "$DIR/h.err")" "^$n .*the picture of $(printf %.3f "$t2"): a picture's deflated bytes are damaged"
q "UPDATE picture SET snap = x'43545202000a05ffffffffff' WHERE id = $id2"
out=$("$CTDASH" --replay "$DB" --once --at "@$t2" 2>&1); st=$?
check "mangled: refused, no crash ($st: $out)" said $st 1 "$out" "damaged at byte 7 of 12"
q "UPDATE picture SET snap = x'4354520a000a00' WHERE id = $id2"
out=$("$CTDASH" --replay "$DB" --once --at "@$t2" 2>&1); st=$?
check "a format past this one's: refused with the reason ($st: $out)" \
	said $st 1 "$out" "format 10, which this ctdash does not read"

# a file of schema 1, as ctdash 0.2.0 made it, holding one picture of
# its own format; recorded into, it is brought to schema 2
OLD=$DIR/old.db
sqlite3 "$OLD" "PRAGMA journal_mode = WAL;
CREATE TABLE meta(key TEXT PRIMARY KEY, value);
CREATE TABLE picture(id INTEGER PRIMARY KEY, t REAL NOT NULL, netns TEXT, count INTEGER, max INTEGER,
 buckets INTEGER, fill REAL, entries INTEGER, ipv4 INTEGER, ipv6 INTEGER, assured INTEGER, unreplied INTEGER,
 new_per_s REAL, destroy_per_s REAL, growth_per_s REAL, seconds_to_full REAL, drops_per_s REAL,
 dropping INTEGER, source TEXT, complete INTEGER, incident INTEGER, keep INTEGER NOT NULL DEFAULT 0,
 snap BLOB NOT NULL);
CREATE INDEX picture_t ON picture(t);
CREATE TABLE state(picture INTEGER, state TEXT, entries INTEGER, PRIMARY KEY(picture, state)) WITHOUT ROWID;
CREATE TABLE proto(picture INTEGER, proto TEXT, entries INTEGER, PRIMARY KEY(picture, proto)) WITHOUT ROWID;
CREATE TABLE counter(picture INTEGER, name TEXT, value INTEGER, PRIMARY KEY(picture, name)) WITHOUT ROWID;
CREATE TABLE top(picture INTEGER, kind TEXT, rank INTEGER, addr TEXT, proto TEXT, port INTEGER,
 entries INTEGER, per_s REAL, PRIMARY KEY(picture, kind, rank)) WITHOUT ROWID;
CREATE TABLE advice(picture INTEGER, rank INTEGER, level TEXT, id TEXT, text TEXT,
 PRIMARY KEY(picture, rank)) WITHOUT ROWID;
CREATE TABLE namespace(picture INTEGER, rank INTEGER, name TEXT, count INTEGER, fill REAL,
 holders INTEGER, comm TEXT, container TEXT, err INTEGER, PRIMARY KEY(picture, rank)) WITHOUT ROWID;
CREATE TABLE incident(id INTEGER PRIMARY KEY, start REAL, end REAL, peak REAL, peak_fill REAL,
 peak_drops_per_s REAL, why TEXT);
CREATE TABLE sample(picture INTEGER, rank INTEGER, incident INTEGER, proto TEXT, src TEXT, dst TEXT,
 sport INTEGER, dport INTEGER, state TEXT, timeout INTEGER, PRIMARY KEY(picture, rank)) WITHOUT ROWID;
CREATE TRIGGER picture_gone AFTER DELETE ON picture BEGIN
 DELETE FROM state WHERE picture = old.id; DELETE FROM proto WHERE picture = old.id;
 DELETE FROM counter WHERE picture = old.id; DELETE FROM top WHERE picture = old.id;
 DELETE FROM advice WHERE picture = old.id; DELETE FROM namespace WHERE picture = old.id;
 DELETE FROM sample WHERE picture = old.id; END;
INSERT INTO meta VALUES('schema', 1), ('created_by', 'ctdash 0.2.0');
INSERT INTO picture(t, count, max, snap) VALUES(strftime('%s', 'now') - 600, 7, 3000, x'435452010000');
INSERT INTO top VALUES(1, 'source', 1, '127.0.0.2', NULL, NULL, 7, NULL);" >/dev/null
chmod 600 "$OLD"
"$CTDASH" --record "$OLD" --netns "$NS" -d 2 --json >"$DIR/old.jsonl" 2>"$DIR/old.err" &
REC=$!
ns_track_pid $REC
lines "$DIR/old.jsonl" 2 20 || die "no pictures recorded into the schema 1 file: $(cat "$DIR/old.err")"
kill -TERM $REC
wait $REC
check "schema 1 file: recorded into, now schema 2 ($(cat "$DIR/old.err"))" \
	[ "$(sqlite3 "$OLD" "SELECT value FROM meta WHERE key = 'schema'")" = 2 ]
check "schema 1 file: its old rows still answer" \
	[ "$(sqlite3 "$OLD" "SELECT addr || ' ' || entries || ' ' || ifnull(workload, 'none') FROM top WHERE picture = 1")" = "127.0.0.2 7 none" ]
check "schema 1 file: the new rows have the new columns" \
	[ "$(sqlite3 "$OLD" "SELECT count(*) > 0 FROM top WHERE picture > 1 AND kind = 'source'")" = 1 ]
out=$("$CTDASH" --replay "$OLD" --json --at -600s 2>&1 >/dev/null); st=$?
check "schema 1 file: its old picture refused with the reason ($st: $out)" \
	said $st 1 "$out" "format 1 (ctdash 0.2.0"
j=$("$CTDASH" --replay "$OLD" --json 2>/dev/null)
check "schema 1 file: the new pictures replay" grep -Fxq -- "$j" "$DIR/old.jsonl"
"$CTDASH" --replay "$OLD" --history >"$DIR/oh.out" 2>"$DIR/oh.err"; st=$?
check "schema 1 file: --history reads the new ones ($(wc -l <"$DIR/oh.out"), $st: $(head -c 300 "$DIR/oh.err"))" \
	said $st 1 "$(wc -l <"$DIR/oh.out")" "^$(wc -l <"$DIR/old.jsonl")\$"

checks_done
