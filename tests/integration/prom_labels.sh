#!/bin/bash
# Prometheus label values that come from outside ctdash: a process whose
# name holds terminal escapes (ESC ]0;owned BEL would set the title of
# whoever reads the page) is written with U+FFFD in their place, never
# raw.
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
echo "1 passed, 0 failed"
