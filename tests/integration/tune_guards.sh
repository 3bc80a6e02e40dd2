#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What stops a write: a value changed behind ctdash's back (detected
# before writing), --read-only, a user without the privilege, and the
# global settings from a namespace that is not the initial one. The
# nf_conntrack_max and hashsize paths are exercised on temporary files:
# the host's own are never written.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/tune_lib.sh"
need_root
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing" >&2; exit $HARD; }

TW=nf_conntrack_tcp_timeout_time_wait
NS=$(ns_create ctdw) || exit 1
J=$(new_journal)
host_max=$(cat /proc/sys/net/netfilter/nf_conntrack_max)
host_hash=$(cat /sys/module/nf_conntrack/parameters/hashsize)
[ "$host_hash" -gt 0 ] || die "cannot read the bucket count"

# Changed behind ctdash's back between showing (120) and applying.
tune_start --netns "$NS" --journal "$J"
ns_sysctl "$NS" $TW 77
got=$(tune_expect changed "set $TW 10 120")
case "$got" in *"now 77"*) ;; *) die "the message does not say the value now: $got" ;; esac
[ "$(nsval "$NS" $TW)" = 77 ] || die "a stale plan was written: $(nsval "$NS" $TW)"
[ ! -e "$J" ] || [ "$(records "$J" apply)" = 0 ] || die "a refused write was journalled"
# shown again (77) and confirmed: it goes through
tune_expect ok "set $TW 10 77" >/dev/null
[ "$(nsval "$NS" $TW)" = 10 ] || die "time_wait is $(nsval "$NS" $TW), expected 10"

# The global settings cannot be changed from this namespace: refused by
# name before anything is written.
got=$(tune_expect refused "set nf_conntrack_max $((host_max + 1))")
case "$got" in *"initial network namespace"*) ;; *) die "max refused without the reason: $got" ;; esac
got=$(tune_expect refused "set hashsize $((host_hash * 2))")
case "$got" in *"initial network namespace"*) ;; *) die "hashsize refused without the reason: $got" ;; esac
tune_stop
# (the host's own values are not compared: a benchmark may raise the
# global max meanwhile; nothing was even journalled for them)
grep -Eq ' (nf_conntrack_max|hashsize) ' "$J" && die "a refused global change was journalled"

# --read-only: every write refused with the reason, nothing journalled.
lines=$(wc -l <"$J")
tune_start --netns "$NS" --journal "$J" --read-only
got=$(tune_expect refused "set $TW 30")
case "$got" in *"--read-only"*) ;; *) die "read-only refusal without the reason: $got" ;; esac
tune_expect refused "profile router-example" >/dev/null
tune_stop
[ "$(nsval "$NS" $TW)" = 10 ] || die "--read-only wrote"
out=$("$CTDASH" --read-only --undo-last --netns "$NS" --journal "$J" 2>&1) &&
	die "--read-only --undo-last exited 0: $out"
case "$out" in *read-only*) ;; *) die "--read-only --undo-last did not say why: $out" ;; esac
[ "$(nsval "$NS" $TW)" = 10 ] || die "--read-only --undo-last wrote"
[ "$(wc -l <"$J")" = "$lines" ] || die "a read-only session journalled"

# No privilege: a user who is not root, inside the namespace.
J2=$(new_journal)
got=$(echo "set $TW 30" | ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all --bounding-set=-all "$TOOLS/tunectl" --journal "$J2")
case "$got" in refused*root*) ;; *) die "an unprivileged write was not refused with the reason: $got" ;; esac
[ "$(nsval "$NS" $TW)" = 10 ] || die "an unprivileged user changed time_wait"
[ ! -e "$J2" ] || die "an unprivileged session created a journal"

# nf_conntrack_max and the bucket count through the same path, on files.
D=$(mktemp -d "$TUNE_TMP/files.XXXXXX") || die "mktemp failed"
echo 262144 >"$D/max"
echo 65536 >"$D/hashsize"
tune_start --journal "$D/journal" --max-path "$D/max" --hashsize-path "$D/hashsize" --initial-ns yes
tune_expect ok "set nf_conntrack_max 1048576" >/dev/null
tune_expect ok "set hashsize 262144" >/dev/null
[ "$(cat "$D/max")" = 1048576 ] || die "max file holds $(cat "$D/max")"
[ "$(cat "$D/hashsize")" = 262144 ] || die "hashsize file holds $(cat "$D/hashsize")"
tune_expect invalid "set nf_conntrack_max 0" >/dev/null
tune_expect invalid "set hashsize 0" >/dev/null
tune_expect invalid "set hashsize 999999999999" >/dev/null
echo 500000 >"$D/max" # behind our back
tune_expect changed "set nf_conntrack_max 2000000 1048576" >/dev/null
[ "$(cat "$D/max")" = 500000 ] || die "a stale max was written"
tune_expect ok undo >/dev/null
[ "$(cat "$D/hashsize")" = 65536 ] || die "undo left hashsize at $(cat "$D/hashsize")"
tune_expect changed undo >/dev/null # max is 500000 now, not what ctdash set
tune_stop
[ "$(records "$D/journal" apply)" = 2 ] || die "expected 2 apply records: $(cat "$D/journal")"
grep -q ' hashsize 65536 262144$' "$D/journal" || die "the hashsize change is not journalled"
