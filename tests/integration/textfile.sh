#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --textfile replaces only what it may: an absent name or a regular file,
# in a directory nobody else can write. A FIFO, a symbolic link (to
# /proc/self/fd/1) or a device node at the path, a missing directory or a
# group-writable one are refused at start with the reason and exit 1,
# and the thing at the path is left as it was. A FIFO planted under the
# temporary name the old code used (PATH.tmp.PID) neither blocks the
# write nor is renamed into place. The device node is one this test
# makes in its own folder, never /dev/null.
. "$TESTLIB"
need_root

NS=$(ns_create cttf) || exit 1
D=$TEST_TMP/out
mkdir -m 755 "$D"
W=$((10 * SLOW))

# refused PATH WHY: ctdash exits 1 at once, saying WHY, without a write
refused() {
	local rc=0
	timeout "$W" "$CTDASH" --netns "$NS" --textfile "$1" --delay 1 >"$TEST_TMP/out.txt" 2>"$TEST_TMP/err" || rc=$?
	[ "$rc" = 1 ] || die "--textfile $1: exit $rc, not 1 (stderr: $(head -c 500 "$TEST_TMP/err"))"
	grep -q "$2" "$TEST_TMP/err" || die "--textfile $1: no '$2' in: $(head -c 500 "$TEST_TMP/err")"
	[ "$(grep -c . "$TEST_TMP/err")" = 1 ] || die "--textfile $1: more than one line: $(head -c 500 "$TEST_TMP/err")"
	[ ! -s "$TEST_TMP/out.txt" ] || die "--textfile $1 wrote to stdout"
	ls "$(dirname "$1")" 2>/dev/null | grep -q '\.tmp\.' && die "a temporary file was left beside $1"
	note "refused $1: $(cat "$TEST_TMP/err")"
}

mkfifo "$D/fifo.prom"
refused "$D/fifo.prom" "is a FIFO"
[ -p "$D/fifo.prom" ] || die "the FIFO was replaced"

ln -s /proc/self/fd/1 "$D/link.prom"
refused "$D/link.prom" "is a symbolic link"
[ -L "$D/link.prom" ] || die "the symbolic link was replaced"

mknod "$D/null" c 1 3
refused "$D/null" "is a device"
[ -c "$D/null" ] || die "the device node was replaced"

refused "$D/missing/ctdash.prom" "missing.* cannot be opened: No such file or directory"

mkdir -m 775 "$D/shared"
refused "$D/shared/ctdash.prom" "is writable by its group"
chmod 1777 "$D/shared"          # sticky, like /tmp: accepted below

# wait_file PATH: until ctdash has written PATH with its entries
wait_file() {
	local i
	for i in $(seq $((100 * SLOW))); do
		grep -q '^ctdash_entries ' "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	die "$1 was not written within $((10 * SLOW)) s: $(head -c 500 "$TEST_TMP/err")"
}

# a regular file is replaced; a FIFO planted under the old predictable
# temporary name does not stop it
echo old >"$D/shared/ctdash.prom"
sh -c 'mkfifo "$1.tmp.$$" && exec "$2" --netns "$3" --textfile "$1" --delay 1' sh \
	"$D/shared/ctdash.prom" "$CTDASH" "$NS" 2>"$TEST_TMP/err" &
pid=$!
ns_track_pid $pid
wait_file "$D/shared/ctdash.prom"
[ -f "$D/shared/ctdash.prom" ] || die "the textfile is not a regular file"
[ -p "$D/shared/ctdash.prom.tmp.$pid" ] || die "the planted FIFO was touched"
kill "$pid"
wait "$pid" 2>/dev/null
[ "$(ls "$D/shared" | grep -v "\.tmp\.$pid\$" | grep -c '\.tmp\.')" = 0 ] ||
	die "a temporary file was left: $(ls "$D/shared")"
[ ! -s "$TEST_TMP/err" ] || die "ctdash said: $(head -c 500 "$TEST_TMP/err")"
note "a regular file in a sticky folder replaced, the planted FIFO left alone"
echo "1 passed, 0 failed"
