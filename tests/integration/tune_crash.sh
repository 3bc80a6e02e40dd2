#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A session killed with SIGKILL in the middle of tuning (a crash, a
# dropped SSH session): `ctdash --undo-last` finds in the journal what is
# still in force in the namespace and reverts it, one transaction at a
# time (a whole profile at once), journalling the undo; then says there
# is nothing left and exits 1. A value changed since is left alone.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/tune_lib.sh"
need_root

TW=nf_conntrack_tcp_timeout_time_wait
NS=$(ns_create ctdw) || exit 1
J=$(new_journal)

tune_start --netns "$NS" --journal "$J"
tune_expect ok "set $TW 30" >/dev/null
tune_expect ok "profile router-example" >/dev/null
[ "$(nsval "$NS" $TW)" = 10 ] || die "the profile did not set time_wait"
kill -9 "$TUNECTL_PID"; exec {TUNE_IN}>&- {TUNE_OUT}<&-
wait "$TUNECTL_PID" 2>/dev/null

# The profile, all eight values, in one go.
out=$("$CTDASH" --undo-last --netns "$NS" --journal "$J") || die "--undo-last exited $?: $out"
[ "$(grep -c '^reverted ' <<<"$out")" = 8 ] || die "expected 8 reverted lines: $out"
grep -q "^reverted $TW in namespace '$NS': 10 -> 30 " <<<"$out" || die "no line for time_wait: $out"
for pair in icmp_timeout:30 tcp_timeout_syn_recv:60 tcp_timeout_syn_sent:120 \
	tcp_timeout_established:432000 tcp_timeout_fin_wait:120 tcp_timeout_time_wait:30 \
	tcp_timeout_close_wait:60 tcp_timeout_last_ack:30; do
	got=$(nsval "$NS" "nf_conntrack_${pair%%:*}")
	[ "$got" = "${pair#*:}" ] || die "after --undo-last, nf_conntrack_${pair%%:*} is $got, expected ${pair#*:}"
done
[ "$(records "$J" undo)" = 8 ] || die "the undo was not journalled: $(cat "$J")"

# Then the change before it.
out=$("$CTDASH" --undo-last --netns "$NS" --journal "$J") || die "second --undo-last exited $?: $out"
[ "$(nsval "$NS" $TW)" = 120 ] || die "time_wait is $(nsval "$NS" $TW) after the second --undo-last"

# Then nothing: exit 1 with a sentence.
out=$("$CTDASH" --undo-last --netns "$NS" --journal "$J" 2>&1) && die "a third --undo-last exited 0: $out"
case "$out" in *"nothing to undo"*) ;; *) die "no 'nothing to undo' message: $out" ;; esac

# A change that was altered behind ctdash's back is not in force: left alone.
tune_start --netns "$NS" --journal "$J"
tune_expect ok "set $TW 10" >/dev/null
kill -9 "$TUNECTL_PID"; exec {TUNE_IN}>&- {TUNE_OUT}<&-
wait "$TUNECTL_PID" 2>/dev/null
ns_sysctl "$NS" $TW 77
out=$("$CTDASH" --undo-last --netns "$NS" --journal "$J" 2>&1) && die "--undo-last reverted a value changed since: $out"
[ "$(nsval "$NS" $TW)" = 77 ] || die "--undo-last overwrote a value changed behind its back"

# Another namespace's journal entries are not this one's.
NS2=$(ns_create ctdw) || exit 1
ns_sysctl "$NS2" $TW 10
ns_sysctl "$NS" $TW 10
out=$("$CTDASH" --undo-last --netns "$NS2" --journal "$J" 2>&1) && die "--undo-last in $NS2 undid $NS's change: $out"
[ "$(nsval "$NS2" $TW)" = 10 ] || die "$NS2 was changed"

# A journal that is a symlink is refused, not followed.
ln -s "$J" "$(dirname "$J")/link"
out=$("$CTDASH" --undo-last --netns "$NS" --journal "$(dirname "$J")/link" 2>&1) &&
	die "--undo-last used a symlinked journal: $out"
case "$out" in *"symbolic link"*) ;; *) die "no word on the symlink: $out" ;; esac

# A corrupt line is reported with its number and skipped; the rest works.
echo "garbage in the journal" >>"$J"
out=$("$CTDASH" --undo-last --netns "$NS" --journal "$J" 2>&1) || die "--undo-last failed on a corrupt line: $out"
n=$(wc -l <"$J")
grep -q "journal:$((n - 1)): skipped" <<<"$out" || die "the corrupt line was not reported by number: $out"
[ "$(nsval "$NS" $TW)" = 120 ] || die "time_wait is $(nsval "$NS" $TW), expected 120 after undoing 120 -> 10"
