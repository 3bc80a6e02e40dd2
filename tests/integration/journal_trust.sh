#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The journal as an attacker, a crash or a careless operator leaves it
# (issue 12, items 2, 3 and 5): a journal another user owns or may write,
# or whose directory they own, is refused with the reason by --undo-last,
# by appends and by the dashboard; a FIFO does not hang ctdash and a file
# under /proc is no journal; after a crash tore the last line, the next
# record starts on a fresh line, so the undo it records is read back and
# the change is not reverted twice.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/tune_lib.sh"
need_root

EST=nf_conntrack_tcp_timeout_established
TW=nf_conntrack_tcp_timeout_time_wait
NS=$(ns_create ctdj) || exit 1
NSID=$(stat -L -c %i "/run/netns/$NS")
T=2025-11-22T00:03:12Z
passed=0

# undo_refused JOURNAL REASON: --undo-last exits non-zero, says REASON,
# and changes neither the setting nor the file.
undo_refused() {
	local before out
	before=$(stat -c '%s %Y' -- "$1")
	out=$(timeout $((20 * SLOW)) "$CTDASH" --undo-last --netns "$NS" --journal "$1" 2>&1) &&
		die "--undo-last accepted $1: $out"
	[ $? = 124 ] && die "--undo-last hung on $1"
	grep -q -- "$2" <<<"$out" || die "--undo-last on $1: no '$2' in: $out"
	[ "$(nsval "$NS" $EST)" = 432000 ] || die "--undo-last applied $1: established is $(nsval "$NS" $EST)"
	[ "$(stat -c '%s %Y' -- "$1")" = "$before" ] || die "--undo-last changed $1"
}

# append_refused JOURNAL REASON: a change through the write path is
# refused before anything is written.
append_refused() {
	local before got
	before=$(md5sum <"$1")
	tune_start --netns "$NS" --journal "$1"
	got=$(tune "set $TW 33")
	tune_stop
	case "$got" in journal*"$2"*) ;; *) die "a change with journal $1: '$got' (wanted 'journal …$2…')" ;; esac
	[ "$(nsval "$NS" $TW)" = 120 ] || die "time_wait changed to $(nsval "$NS" $TW) with journal $1"
	[ "$(md5sum <"$1")" = "$before" ] || die "the write path appended to $1"
}

# 1. A journal uid 65534 owns and wrote: its record would set
#    established to 1 in our namespace.
J=$(new_journal)
printf '%s apply evil - %s %s %s 1 432000\n' "$T" "$NSID" "$NS" $EST >"$J"
chown 65534:65534 "$J"
undo_refused "$J" "belongs to uid 65534"
append_refused "$J" "belongs to uid 65534"
passed=$((passed + 1))

# ... and the same file with a directory another user owns
chown 0:0 "$J"
chown 65534:65534 "$(dirname "$J")"
undo_refused "$J" "directory of the journal .* belongs to uid 65534"
chown 0:0 "$(dirname "$J")"
# group- or world-writable: refused too
chmod 0620 "$J"
undo_refused "$J" "writable by its group"
append_refused "$J" "writable by its group"
chmod 0600 "$J"
chmod 0777 "$(dirname "$J")"
undo_refused "$J" "writable by everyone"
chmod 0700 "$(dirname "$J")"
note "a journal others own or may write: refused, with the reason"
passed=$((passed + 1))

# 2. A FIFO does not hang --undo-last nor the write path.
F=$TEST_TMP/fifo
mkfifo -m 600 "$F"
undo_refused "$F" "is a FIFO"
tune_start --netns "$NS" --journal "$F"
got=$(tune "set $TW 33")
tune_stop
case "$got" in journal*FIFO*) ;; *) die "a change with a FIFO journal: '$got'" ;; esac
# a file under /proc is no journal
undo_refused /proc/version "on /proc"
tune_start --netns "$NS" --journal /proc/version
got=$(tune "set $TW 33")
tune_stop
case "$got" in journal*/proc*) ;; *) die "a change with a journal under /proc: '$got'" ;; esac
[ "$(nsval "$NS" $TW)" = 120 ] || die "time_wait changed"
note "a FIFO and a file under /proc: refused at once"
passed=$((passed + 1))

# 3. A crash tore the last line. The undo --undo-last records must be
#    read back: the change is reverted once, the line before it next.
J=$(new_journal)
mkdir -p "$(dirname "$J")"
{
	echo "# ctdash journal v1: time kind txid reverts nsid ns name old new"
	printf '%s apply t0 - %s %s %s 120 30\n' "$T" "$NSID" "$NS" $TW
	printf '%s apply t1 - %s %s %s 30 10\n' "$T" "$NSID" "$NS" $TW
	printf '%s apply t2 - %s %s %s 10 4' "$T" "$NSID" "$NS" $TW
} >"$J"
chmod 600 "$J"
ns_sysctl "$NS" $TW 10
out=$("$CTDASH" --undo-last --netns "$NS" --journal "$J" 2>&1) || die "--undo-last exited $?: $out"
grep -q "^reverted $TW in namespace '$NS': 10 -> 30 " <<<"$out" || die "first --undo-last: $out"
last=$(tail -n 1 "$J")
case "$last" in 20*" undo "*" t1 $NSID $NS $TW 10 30") ;; *) die "no undo record last: '$last'" ;; esac
[ "$(wc -w <<<"$last")" = 9 ] || die "the undo was glued to the torn line: '$last'"
out=$("$CTDASH" --undo-last --netns "$NS" --journal "$J" 2>&1) || die "second --undo-last exited $?: $out"
grep -q "journal:4: skipped: a record cut short" <<<"$out" || die "the torn line was not reported: $out"
grep -q "^reverted $TW in namespace '$NS': 30 -> 120 " <<<"$out" || die "second --undo-last: $out"
[ "$(grep -c "apply t1\| undo .* t1 " "$J")" = 2 ] || die "t1 reverted more than once: $(cat "$J")"
[ "$(nsval "$NS" $TW)" = 120 ] || die "time_wait is $(nsval "$NS" $TW)"
note "a torn last line: the next record on a fresh line; nothing reverted twice"
passed=$((passed + 1))

# 4. The journal's directory is fsync'd when the file is created, so the
#    new name survives a crash.
if command -v strace >/dev/null; then
	J=$(new_journal)
	# LeakSanitizer (the ASan build) cannot run under ptrace: no leak check here
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" strace -f -s 1024 -e trace=openat,fsync -o "$TEST_TMP/trace" "$TOOLS/tunectl" --netns "$NS" --journal "$J" \
		<<<"set $TW 40" >/dev/null 2>&1 || die "tunectl under strace failed"
	dirfd=$(grep -F "openat(AT_FDCWD, \"$(dirname "$J")\", " "$TEST_TMP/trace" | grep O_DIRECTORY |
		sed -n 's/.*= \([0-9]*\)$/\1/p' | tail -n 1)
	[ -n "$dirfd" ] && grep -q "fsync($dirfd)" "$TEST_TMP/trace" ||
		die "the journal's directory was not fsync'd: $(head -c 4000 "$TEST_TMP/trace")"
	ns_sysctl "$NS" $TW 120
	note "the directory is fsync'd when the journal is created"
	passed=$((passed + 1))
else
	note "strace missing: the directory fsync is not checked"
fi

echo "$passed passed, 0 failed"
