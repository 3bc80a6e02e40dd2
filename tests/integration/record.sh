#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The flight recorder through a made-up incident, in a namespace made
# here: the table is filled to 70% (TIME_WAIT from 127.0.0.6), then one
# source (127.0.0.9) bursts new flows until the table is full and the
# kernel evicts and drops, then stops. nf_conntrack_max is lowered for the
# burst through lib.sh (exclusive lock, restored on every exit path).
# ctdash --record --json records it and prints each picture live; the
# replay at the incident's peak must show the burster as top maker of new
# entries, the dropping advice of that moment, and give, through the same
# writer, the very object the live --json printed for that picture.
. "$TESTLIB"
need_root
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing" >&2; exit $HARD; }
pass=0 fail=0
check() { # check NAME CONDITION...
	local name=$1
	shift
	if "$@"; then pass=$((pass + 1)); note "ok: $name"; else fail=$((fail + 1)); echo "not ok: $name" >&2; fi
}
q() { sqlite3 "$DB" "$1"; }
# wait_for SECONDS SQL: until the query prints something other than 0 or ""
wait_for() {
	local end=$((SECONDS + $1 * SLOW)) v
	while [ $SECONDS -lt $end ]; do
		# the sqlite3 shell would make the file (0644) if it asked first
		[ -e "$DB" ] || { sleep 0.2; continue; }
		v=$(q "$2" 2>/dev/null)
		[ -n "$v" ] && [ "$v" != 0 ] && return 0
		sleep 0.2
	done
	return 1
}

NS=$(ns_create ctrec) || exit 1
DIR=$TEST_TMP/rec
mkdir -m 700 "$DIR"
DB=$DIR/flight.db
ns_sysctl "$NS" nf_conntrack_tcp_timeout_time_wait 600
lower_global_max 3000
base=$((GLOBAL_MAX * 7 / 10))
ip netns exec "$NS" "$TOOLS/ctload" tcp-timewait --count "$base" --src 127.0.0.6 >/dev/null ||
	die "ctload could not fill $NS"

"$CTDASH" --record "$DB" --netns "$NS" -d 5 --source events --json \
	>"$DIR/live.jsonl" 2>"$DIR/err" &
REC=$!
ns_track_pid $REC
wait_for 10 "SELECT count(*) >= 3 FROM picture" || die "no pictures recorded: $(cat "$DIR/err")"

# the burst: 1,500 new flows a second from one source for 4 s
ip netns exec "$NS" "$TOOLS/ctload" churn --rate 1500 --seconds 4 --src 127.0.0.9 \
	--dst 127.0.0.10 >/dev/null 2>&1
restore_global_max
wait_for 10 "SELECT count(*) FROM incident" || die "no incident recorded"
n=$(q "SELECT count(*) FROM picture")
wait_for 10 "SELECT count(*) > $((n + 3)) FROM picture" || die "recording stopped"
kill -TERM $REC
wait $REC
check "stops on SIGTERM with status 0 ($?)" [ $? = 0 ]
check "says how many pictures" grep -q "recorded [0-9]* pictures to $DB" "$DIR/err"

# ad-hoc questions, as the man page says
mode=$(stat -c %a "$DB")
check "file is 0600 ($mode)" [ "$mode" = 600 ]
check "integrity" [ "$(q 'PRAGMA integrity_check')" = ok ]
check "WAL" [ "$(q 'PRAGMA journal_mode')" = wal ]
check "dropping pictures" [ "$(q 'SELECT count(*) > 0 FROM picture WHERE dropping = 1')" = 1 ]
read -r start peak end why <<<"$(q "SELECT start, peak, end, why FROM incident ORDER BY id LIMIT 1" | tr '|' ' ')"
note "incident ($why): start $start, peak $peak, end $end"
check "incident start <= peak <= end" awk -v s="$start" -v p="$peak" -v e="$end" 'BEGIN { exit !(s <= p && p <= e) }'
# the sample is collected at the next refresh: an extra collection for it
# once made a picture a millisecond after the one before
gap=$(q "SELECT min(b.t - a.t) FROM picture a JOIN picture b ON b.id = a.id + 1")
check "pictures keep the refresh's beat (closest two ${gap}s apart)" \
	awk -v g="$gap" 'BEGIN { exit !(g > 0.1) }'
check "pictures around it kept whole" [ "$(q "SELECT count(*) > 0 FROM picture WHERE keep = 1")" = 1 ]
# the incident's peak is stored to the millisecond: the picture nearest it
top=$(q "SELECT addr FROM top t JOIN picture p ON p.id = t.picture WHERE t.kind = 'new_source' AND t.rank = 1 ORDER BY abs(p.t - $peak) LIMIT 1")
check "the table says the burster made most new entries at the peak ($top)" [ "$top" = 127.0.0.9 ]

# the replay at the peak
j=$("$CTDASH" --replay "$DB" --json --at "@$peak" 2>"$DIR/rerr")
check "replay says the picture's own time" grep -q "the picture of " "$DIR/rerr"
check "replay: top maker of new entries is the burster" \
	[ "$(json_get "$j" '.top_new_sources[0].addr')" = 127.0.0.9 ]
check "replay: dropping then" [ "$(json_get "$j" '.interval.dropping')" = true ]
check "replay: the dropping advice of that moment" \
	[ "$(json_get "$j" '[.advice[] | select(.id == "dropping")][0].level')" = critical ]
check "replay --json is the live --json of that picture, byte for byte" grep -Fxq -- "$j" "$DIR/live.jsonl"
o=$("$CTDASH" --replay "$DB" --once --at "@$peak")
check "replay --once: its time" grep -q "^replay of $DB: the picture of" <<<"$o"
check "replay --once: the burster among the makers" grep -q "^Makers  *127.0.0.9 " <<<"$o"
h=$("$CTDASH" --replay "$DB" --history | wc -l)
check "history: one object a picture ($h)" [ "$h" = "$(q 'SELECT count(*) FROM picture')" ]
h=$("$CTDASH" --replay "$DB" --history --since "@$start" --until "@$peak" | jq -s length)
check "history: --since/--until bound it ($h)" \
	[ "$h" = "$(q "SELECT count(*) FROM picture WHERE t >= $start AND t <= $peak")" ]
l=$("$CTDASH" --replay "$DB" --list --at "@$peak" 2>"$DIR/lerr")
note "$(cat "$DIR/lerr")"
check "list: the incident's sample holds the burster's entries" grep -q "src=127.0.0.9 " <<<"$l"
check "list: only the busiest source" [ "$(grep -vc "src=127.0.0.9 " <<<"$l")" = 0 ]

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
