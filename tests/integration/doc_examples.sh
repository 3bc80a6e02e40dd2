#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every example command of the README (its sh blocks) and of the man page's
# EXAMPLES runs as written, on a namespace this test creates: no unknown
# option, no usage error, no bad filter, and `| jq .KEY` finds its key. The
# names the examples use are mapped to the test's own: web1 to the
# namespace, 4242 to a process in it, 9466 to a free port, the paths under
# /var/lib and /root to the test's directory; a command that names no
# namespace gets --netns (so --delete can only touch the test's entries).
# The dashboard's examples, without a terminal, must get as far as asking
# for one (their options and filter already taken).
. "$TESTLIB"
need_root
SRC=${LAYER_SRCDIR:-$(dirname "$0")/../..}

NS=$(ns_create docex)
ip netns exec "$NS" "$TOOLS/ctload" udp --src 127.0.0.4 --dst 127.0.0.1 --ports 2000-2009 >/dev/null ||
	die "ctload udp failed in $NS"
ip netns exec "$NS" sleep 600 &
PID=$!
ns_track_pid "$PID"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# examples FILE...: the command lines, comments cut
{
	awk '/^```sh/ { code = 1; next } /^```/ { code = 0 } code && /^ctdash( |$)/' "$SRC/README.md"
	awk '/^\.SH EXAMPLES/ { ex = 1 } /^\.SH SEE/ { ex = 0 } ex && /^ctdash/' "$SRC/doc/ctdash.8" |
		sed 's/\\-/-/g'
} | sed -E 's/[[:space:]]+#.*//' >"$TEST_TMP/examples"
n=$(wc -l <"$TEST_TMP/examples")
[ "$n" -ge 20 ] || die "found only $n example commands in README.md and the man page"
grep -q -- '--replay' "$TEST_TMP/examples" || die "no --replay example found"

usage_error="unknown option|Try 'ctdash --help'|cannot be used|goes with|needs a value|invalid value|unexpected argument|bad filter|needs a file name"
checked=0
while read -r line; do
	cmd=$(sed -E "s#/var/lib/prometheus/node-exporter/#$TEST_TMP/#g; s#/var/lib/ctdash/#$TEST_TMP/#g;
		s#/root/#$TEST_TMP/#g; s/\\bweb1\\b/$NS/g; s/\\b4242\\b/$PID/g; s/\\b9466\\b/$PORT/g" <<<"$line")
	grep -Eq -- '--(netns|netns-pid|demo|replay)( |$)' <<<"$cmd" || cmd="ctdash --netns $NS${cmd#ctdash}"
	grep -Eq -- '--(undo-last|delete)( |$)' <<<"$cmd" && cmd="$cmd --journal $TEST_TMP/journal"
	cmd="\"\$CTDASH\"${cmd#ctdash}"
	runs_until_killed=0
	grep -Eq -- '--(listen|textfile|record)( |$)' <<<"$cmd" && runs_until_killed=1
	secs=$((20 * SLOW))
	[ "$runs_until_killed" = 1 ] && secs=$((3 * SLOW))
	CTDASH=$CTDASH timeout -s TERM -k 5 "$secs" bash -o pipefail -c "exec $cmd" \
		</dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	rc=$?
	if grep -Eq "$usage_error" "$TEST_TMP/err"; then
		die "'$line' is refused: $(head -c 400 "$TEST_TMP/err")"
	fi
	case "$rc" in
	0) ;;
	1) grep -Eq 'asks on the terminal|nothing to undo' "$TEST_TMP/err" ||
		die "'$line' exited 1: $(head -c 400 "$TEST_TMP/err")" ;;
	2) grep -q '^ctdash: the dashboard needs a terminal' "$TEST_TMP/err" ||
		die "'$line' exited 2: $(head -c 400 "$TEST_TMP/err")" ;;
	124) [ "$runs_until_killed" = 1 ] ||
		die "'$line' did not end in $secs s: $(head -c 400 "$TEST_TMP/err")" ;;
	*) die "'$line' exited $rc: $(head -c 400 "$TEST_TMP/err")" ;;
	esac
	if grep -q '| *jq' <<<"$line"; then
		out=$(head -c 200 "$TEST_TMP/out")
		[ -n "$out" ] && [ "$out" != null ] || die "'$line' printed '$out': the key is not in the JSON"
	fi
	case "$line" in
	*--record*) [ -s "$TEST_TMP/record.db" ] || die "'$line' recorded nothing" ;;
	esac
	checked=$((checked + 1))
done <"$TEST_TMP/examples"
# --history says when each picture was taken, oldest first
"$CTDASH" --replay "$TEST_TMP/record.db" --history >"$TEST_TMP/history" 2>"$TEST_TMP/err" ||
	die "--history failed: $(head -c 400 "$TEST_TMP/err")"
jq -se 'length >= 1 and all(.taken_at > 1e9) and (map(.taken_at) == (map(.taken_at) | sort))' \
	"$TEST_TMP/history" >/dev/null || die "--history's pictures have no taken_at, or not oldest first"
# the man page's RECORDING names every table of a fresh recording, and in
# each table's item its every column; and no table the recording lacks
db="$TEST_TMP/record.db"
sed -n '/^The tables, for/,/^For example, what filled/p' "$SRC/doc/ctdash.8" |
	sed -E 's/\\-/-/g; s/\\f[BIRP]//g' |
	awk '/^\.TP/ { tag = 1; item++; next }
		tag { tag = 0; sub(/^\.B +/, ""); gsub(/,/, " "); print item, "tag", $0; next }
		item { print item, "body", $0 }' >"$TEST_TMP/man_tables"
tables=$(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") ||
	die "sqlite3 cannot read $db"
for t in $tables; do
	item=$(awk -v t="$t" '$2 == "tag" { for (i = 3; i <= NF; i++) if ($i == t) print $1 }' "$TEST_TMP/man_tables")
	[ -n "$item" ] || die "the man page's RECORDING does not list the table $t"
	body=$(awk -v n="$item" '$1 == n { $1 = $2 = ""; print }' "$TEST_TMP/man_tables")
	for c in $(sqlite3 "$db" "SELECT name FROM pragma_table_info('$t')"); do
		grep -qw -- "$c" <<<"$body" || die "the man page's RECORDING does not name $t.$c"
	done
done
for t in $(awk '$2 == "tag" { for (i = 3; i <= NF; i++) print $i }' "$TEST_TMP/man_tables"); do
	grep -qx -- "$t" <<<"$tables" || die "the man page's RECORDING lists a table $t the recording lacks"
done
echo "1 passed, 0 failed ($checked example commands)"
