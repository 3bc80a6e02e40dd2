#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The write path under faults (issue 12, "Soak and faults"): the kernel
# refusing a value (EINVAL) or the process (EACCES), the journal's disk
# full or read-only, its directory missing or removed while running. In
# every case: a message naming the setting and the reason; the value
# unchanged where nothing was written (read back); the journal parseable,
# every line whole; and --undo-last reverting only what was really made.
#
# The test runs in a private mount namespace of its own, so the tiny
# tmpfs it fills disappears with it on every exit path, even SIGKILL.
if [ -z "${CTDW_PRIVATE_MOUNTS:-}" ]; then
	# without root, lib.sh skips (or fails) before unshare could refuse
	[ "$(id -u)" = 0 ] || . "$TESTLIB"
	command -v unshare >/dev/null || { echo "unshare (util-linux) is missing" >&2; exit 99; }
	CTDW_PRIVATE_MOUNTS=1 exec unshare -m --propagation private bash "$0" "$@"
fi
. "$TESTLIB"
. "$(dirname "$TESTLIB")/tune_lib.sh"
need_root
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing" >&2; exit $HARD; }

TW=nf_conntrack_tcp_timeout_time_wait
ICMP=nf_conntrack_icmp_timeout
NS=$(ns_create ctdf) || exit 1
passed=0
ok() { passed=$((passed + 1)); note "$*"; }

# journal_whole J: every line ends, every record line has the nine fields
# of a known kind (nothing torn, nothing half-written).
journal_whole() {
	[ ! -s "$1" ] || [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] ||
		die "the journal $1 ends in the middle of a line: $(tail -c 200 "$1")"
	awk '!/^#/ && !(NF == 9 && $2 ~ /^(apply|undo|actual)$/) { print "line " NR ": " $0; bad = 1 }
		END { exit bad }' "$1" >&2 || die "the journal $1 has a line that is not a record"
}

# undo_last J [ARGS...]: ctdash --undo-last in NS; prints what it said,
# returns its status.
undo_last() {
	local j=$1
	shift
	"$CTDASH" --undo-last --netns "$NS" --journal "$j" "$@" 2>&1
}

# --- the kernel refuses the value (EINVAL) ----------------------------------
# This kernel keeps timeouts in jiffies and refuses more than INT_MAX/HZ
# seconds; ctdash's own check stops only above INT_MAX.
J=$(new_journal)
tune_start --netns "$NS" --journal "$J"
got=$(tune_expect invalid "set $TW 2147483648")
case "$got" in *"at most 2147483647"*) ;; *) die "validation did not say the limit: $got" ;; esac
[ ! -e "$J" ] || die "a value refused by validation was journalled"
got=$(tune_expect write "set $TW 2147483647")
case "$got" in
*"kernel refused 2147483647 for $TW"*"still holds 120: nothing was changed"*) ;;
*) die "EINVAL: the message does not name the setting, the reason and the outcome: $got" ;;
esac
[ "$(nsval "$NS" $TW)" = 120 ] || die "EINVAL: time_wait is $(nsval "$NS" $TW), not 120"
journal_whole "$J"
# the intent is journalled, then what the kernel kept: nothing in force
[ "$(records "$J" apply)" = 1 ] && [ "$(records "$J" actual)" = 1 ] ||
	die "EINVAL: expected an apply and an actual record: $(cat "$J")"
grep -q " actual .* $TW 2147483647 120\$" "$J" || die "the actual record does not say 120 stayed: $(cat "$J")"
tune_expect "ok 0" unreverted >/dev/null
ok "EINVAL from the kernel: the setting and the reason named, 120 kept, journalled as not applied"

# A plan whose second change the kernel refuses: the first is put back.
got=$(tune_expect write "plan $ICMP=10 $TW=2147483647")
case "$got" in *"put back"*) ;; *) die "the plan's roll-back is not reported: $got" ;; esac
[ "$(nsval "$NS" $ICMP)" = 30 ] || die "the plan left icmp_timeout at $(nsval "$NS" $ICMP)"
[ "$(nsval "$NS" $TW)" = 120 ] || die "the plan left time_wait at $(nsval "$NS" $TW)"
journal_whole "$J"
[ "$(records "$J" undo)" = 1 ] || die "the roll-back of icmp_timeout was not journalled: $(cat "$J")"
tune_expect "ok 0" unreverted >/dev/null

# A change made, then one refused: --undo-last reverts the one made.
tune_expect ok "set $TW 30" >/dev/null
tune_expect write "set $TW 2147483647" >/dev/null
[ "$(nsval "$NS" $TW)" = 30 ] || die "time_wait is $(nsval "$NS" $TW), not 30"
tune_stop
out=$(undo_last "$J") || die "--undo-last failed: $out"
grep -q "^reverted $TW in namespace '$NS': 30 -> 120 " <<<"$out" || die "--undo-last did not revert 30: $out"
[ "$(nsval "$NS" $TW)" = 120 ] || die "after --undo-last time_wait is $(nsval "$NS" $TW)"
out=$(undo_last "$J") && die "a second --undo-last found something: $out"
case "$out" in *"nothing to undo"*) ;; *) die "no 'nothing to undo': $out" ;; esac
journal_whole "$J"
ok "a plan refused half-way is rolled back; --undo-last reverts only what was made"

# --- the kernel refuses the process (EACCES) ---------------------------------
# Root of a user namespace that does not own NS: uid 0 to itself, but the
# kernel lets it write nothing there. Its journal lives in a directory
# that uid (100000 outside) owns, on a path it can reach.
U=$(mktemp -d /tmp/ctdw-userns.XXXXXX) || die "mktemp failed"
_restore+=("rm -rf '$U'")
chmod 0755 "$U"
mkdir "$U/j" && chown 100000:100000 "$U/j" || die "cannot make $U/j"
as_userns_root() {
	ip netns exec "$NS" setpriv --reuid=100000 --regid=100000 --clear-groups unshare -U -r "$@"
}
[ "$(as_userns_root id -u)" = 0 ] || die "cannot be root of a user namespace"
got=$(echo "set $TW 30" | as_userns_root "$TOOLS/tunectl" --journal "$U/j/journal")
case "$got" in
refused*"does not let this process change $TW"*CAP_NET_ADMIN*) ;;
*) die "root of a user namespace was not refused with the reason: $got" ;;
esac
[ ! -e "$U/j/journal" ] || die "a refused write was journalled"
# past ctdash's own check (a test hook), the kernel refuses it itself
got=$(echo "set $TW 30" | as_userns_root "$TOOLS/tunectl" --journal "$U/j/journal" --kernel-decides)
case "$got" in
write*"does not let this process change $TW"*"still holds 120: nothing was changed"*) ;;
*) die "the kernel's EACCES was not reported with the setting and the reason: $got" ;;
esac
[ "$(nsval "$NS" $TW)" = 120 ] || die "EACCES: time_wait is $(nsval "$NS" $TW)"
journal_whole "$U/j/journal"
[ "$(records "$U/j/journal" apply)" = 1 ] && [ "$(records "$U/j/journal" actual)" = 1 ] ||
	die "EACCES: expected an apply and an actual record: $(cat "$U/j/journal")"
out=$(as_userns_root "$CTDASH" --undo-last --journal "$U/j/journal" 2>&1) &&
	die "--undo-last reverted a write the kernel refused: $out"
case "$out" in *"nothing to undo"*) ;; *) die "no 'nothing to undo' after EACCES: $out" ;; esac
# --undo-last itself without the right: a change in force (made by real
# root, ctdash's own namespace label) stays, the journal untouched
mkdir -m 0755 "$U/r" || die "cannot make $U/r"
ip netns exec "$NS" "$TOOLS/tunectl" --journal "$U/r/journal" <<<"set $TW 30" | grep -q '^ok' ||
	die "root could not set time_wait"
cp "$U/r/journal" "$U/j/mine" && chown 100000:100000 "$U/j/mine" || die "cannot copy the journal"
lines=$(wc -l <"$U/j/mine")
out=$(as_userns_root "$CTDASH" --undo-last --journal "$U/j/mine" 2>&1) &&
	die "--undo-last without the right exited 0: $out"
case "$out" in *"undo failed"*"does not let this process change $TW"*) ;;
*) die "--undo-last without the right did not say why: $out" ;; esac
[ "$(nsval "$NS" $TW)" = 30 ] || die "--undo-last without the right changed time_wait"
[ "$(wc -l <"$U/j/mine")" = "$lines" ] || die "a refused --undo-last journalled: $(cat "$U/j/mine")"
ns_sysctl "$NS" $TW 120
ok "EACCES (root of a user namespace): refused by name, or by the kernel with 120 kept; --undo-last exits 1"

# --- the journal's disk full -------------------------------------------------
FULL=$(mktemp -d /tmp/ctdw-full.XXXXXX) || die "mktemp failed"
_restore+=("umount '$FULL' 2>/dev/null; rmdir '$FULL'")
mount -t tmpfs -o size=64k,mode=0700 ctdash-test "$FULL" || die "cannot mount a tmpfs on $FULL"
J=$FULL/journal
tune_start --netns "$NS" --journal "$J"
tune_expect ok "set $TW 30" >/dev/null
size=$(fill_up "$FULL" "$J") || exit 1
got=$(tune_expect journal "set $TW 60")
case "$got" in *"cannot write the journal $J (No space left on device): $TW was not changed"*) ;;
*) die "disk full: the message does not say the journal, the reason and the setting: $got" ;; esac
[ "$(nsval "$NS" $TW)" = 30 ] || die "disk full: time_wait is $(nsval "$NS" $TW), not 30 (written without a journal?)"
[ "$(stat -c %s "$J")" = "$size" ] || die "disk full: part of a record was left in the journal: $(tail -c 100 "$J")"
journal_whole "$J"
tune_stop
# --undo-last cannot journal its undo either: nothing is reverted
out=$(undo_last "$J") && die "--undo-last on a full disk exited 0: $out"
case "$out" in *"No space left on device"*) ;; *) die "--undo-last on a full disk did not say why: $out" ;; esac
[ "$(nsval "$NS" $TW)" = 30 ] || die "--undo-last on a full disk changed time_wait"
# a journal that cannot even be created is not left behind empty
out=$(echo "set $ICMP 10" | "$TOOLS/tunectl" --netns "$NS" --journal "$FULL/new/journal")
case "$out" in journal*"No space left on device"*"nothing was changed"*) ;;
*) die "a journal that cannot be set up: $out" ;; esac
[ ! -e "$FULL/new/journal" ] || die "a journal without its header was left: $(od -c "$FULL/new/journal" | head -3)"
[ "$(nsval "$NS" $ICMP)" = 30 ] || die "icmp_timeout changed without a journal"
# room again: the recorded change is undone
rm -f "$FULL/fill"
out=$(undo_last "$J") || die "--undo-last after freeing space: $out"
grep -q "^reverted $TW in namespace '$NS': 30 -> 120 " <<<"$out" || die "--undo-last did not revert 30: $out"
[ "$(nsval "$NS" $TW)" = 120 ] || die "time_wait is $(nsval "$NS" $TW) after --undo-last"
journal_whole "$J"
ok "journal disk full: nothing written, no half record, a clear message; --undo-last works once there is room"

# A read-only journal file system: refused with the reason.
mount -o remount,ro "$FULL" || die "cannot remount $FULL read-only"
out=$(echo "set $TW 30" | "$TOOLS/tunectl" --netns "$NS" --journal "$J")
case "$out" in journal*"Read-only file system"*) ;; *) die "a read-only journal: $out" ;; esac
[ "$(nsval "$NS" $TW)" = 120 ] || die "time_wait changed with a read-only journal"
ok "journal on a read-only file system: nothing changed, the reason given"

# --- the journal's directory missing, or removed while running --------------
D=$(mktemp -d "$TUNE_TMP/d.XXXXXX") || die "mktemp failed"
J=$D/a/b/journal
tune_start --netns "$NS" --journal "$J"
tune_expect ok "set $TW 30" >/dev/null
[ "$(stat -c %a "$D/a/b")" = 700 ] || die "the journal's directory was made $(stat -c %a "$D/a/b"), not 700"
rm -rf "$D/a"
tune_expect ok "set $TW 45" >/dev/null
[ -f "$J" ] || die "the removed journal was not made again"
journal_whole "$J"
[ "$(records "$J" apply)" = 1 ] || die "the journal made again: $(cat "$J")"
# removed, and a file where its directory was: refused with the reason
rm -rf "$D/a" && echo x >"$D/a"
got=$(tune_expect journal "set $TW 60")
case "$got" in *"removed and cannot be made again"*"Not a directory"*"$TW was not changed"*) ;;
*) die "a journal that cannot be made again: $got" ;; esac
[ "$(nsval "$NS" $TW)" = 45 ] || die "time_wait changed without a journal"
tune_stop
rm -f "$D/a"
ok "journal directory: made (0700) when missing, made again when removed, refused when it cannot be"

echo "$passed passed, 0 failed"
