#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Prometheus label values that come from outside ctdash: a process whose
# name holds terminal escapes (ESC ]0;owned BEL would set the title of
# whoever reads the page) is written with U+FFFD in their place, never
# raw. A namespace that ip netns names "init" (in a private mount
# namespace with its own /run/netns, so no other test sees it) keeps its
# own series: labelled "/run/netns/init", apart from the host's "init".
. "$TESTLIB"
need_root

NS=$(ns_create ctpl) || exit 1
fifo=$TEST_TMP/hold
mkfifo "$fifo"
# the holder names itself (only a process may write its own comm) and
# waits on the FIFO without a child
ip netns exec "$NS" bash -c 'printf "\033]0;owned\a" >/proc/$$/comm; exec 3<>"$1"; read -r -u 3' _ "$fifo" &
ns_track_pid $!
holder=
for _ in $(seq $((50 * SLOW))); do
	for p in $(ip netns pids "$NS"); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = $'\033]0;owned\a' ] && holder=$p
	done
	[ -n "$holder" ] && break
	sleep 0.1
done
[ -n "$holder" ] || die "the holder did not rename itself"

"$CTDASH" --prometheus --all-netns >"$TEST_TMP/prom" 2>"$TEST_TMP/err" ||
	die "--prometheus --all-netns failed: $(head -c 500 "$TEST_TMP/err")"
line=$(grep "^ctdash_netns_info{netns=\"$NS\"" "$TEST_TMP/prom") || die "no ctdash_netns_info for $NS"
note "$(printf '%s' "$line" | cat -v)"
LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$TEST_TMP/prom" &&
	die "control bytes in the page: $(LC_ALL=C grep -n $'[\x01-\x09\x0b-\x1f\x7f]' "$TEST_TMP/prom" | cat -v | head -c 500)"
grep -qF "comm=\"$(printf '\xef\xbf\xbd]0;owned\xef\xbf\xbd')\"" <<<"$line" ||
	die "the holder's name is not written with U+FFFD: $(printf '%s' "$line" | cat -v)"
if command -v promtool >/dev/null; then
	promtool check metrics <"$TEST_TMP/prom" >"$TEST_TMP/lint" 2>&1 ||
		die "promtool: $(head -c 1000 "$TEST_TMP/lint")"
fi

# ip netns add init, in a mount namespace of this test's own
cat >"$TEST_TMP/named_init.sh" <<'SH'
set -e
mount -t tmpfs -o mode=755 ctdash-test /run/netns
ip netns add init
ip -n init link set lo up
"$CTDASH" --prometheus --all-netns
SH
CTDASH=$CTDASH unshare -m --propagation private bash "$TEST_TMP/named_init.sh" >"$TEST_TMP/prom2" 2>"$TEST_TMP/err" ||
	die "--prometheus --all-netns with a namespace named init failed: $(head -c 500 "$TEST_TMP/err")"
host=$(grep -c '^ctdash_entries{netns="init"}' "$TEST_TMP/prom2")
named=$(grep -c '^ctdash_entries{netns="/run/netns/init"}' "$TEST_TMP/prom2")
[ "$host" = 1 ] && [ "$named" = 1 ] ||
	die "ctdash_entries for the host's namespace: $host series, for the one named init: $named (want 1 and 1)"
grep -q '^ctdash_netns_info{netns="/run/netns/init",.*,name="init",' "$TEST_TMP/prom2" ||
	die "no ctdash_netns_info for the namespace named init: $(grep 'netns_info.*init' "$TEST_TMP/prom2" | head -c 500)"
note "a namespace named init: netns=\"/run/netns/init\", apart from the host's netns=\"init\""
echo "1 passed, 0 failed"
