#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A report that could not be written is an error (issue 12, item 8):
# with stdout on /dev/full or closed, every output mode exits non-zero
# and says so on stderr; the same commands on a working stdout exit 0.
. "$TESTLIB"
need_root

NS=$(ns_create ctdo) || exit 1
passed=0

# fails_on_full ARGS...: exit non-zero and a message, on /dev/full and on
# a closed stdout; exit 0 into a file.
fails_on_full() {
	local out status
	"$CTDASH" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" || die "ctdash $* exited $? on a file: $(cat "$TEST_TMP/err")"
	[ -s "$TEST_TMP/out" ] || die "ctdash $* wrote nothing"
	out=$("$CTDASH" "$@" 2>&1 >/dev/full) && die "ctdash $* > /dev/full exited 0: $out"
	grep -q "cannot write the output: No space left on device" <<<"$out" ||
		die "ctdash $* > /dev/full: no message: $out"
	out=$("$CTDASH" "$@" 2>&1 >&-) && die "ctdash $* >&- exited 0: $out"
	grep -q "standard output is closed" <<<"$out" || die "ctdash $* >&-: no message: $out"
	passed=$((passed + 1))
}

fails_on_full --json --netns "$NS"
fails_on_full --once --netns "$NS"
fails_on_full --prometheus --netns "$NS"
fails_on_full --help
fails_on_full --version
# a report longer than any buffer fails in the middle of a printf
ip netns exec "$NS" sh -c 'echo 600 > /proc/sys/net/netfilter/nf_conntrack_udp_timeout'
ip netns exec "$NS" "$TOOLS/ctload" udp --src 127.0.0.9 --dst 127.0.0.1 --ports 20000-21999 >/dev/null ||
	die "ctload failed"
[ "$("$CTDASH" --netns "$NS" --list | wc -c)" -gt 200000 ] || die "the list is not longer than 200 kB"
fails_on_full --list --netns "$NS"
note "--json, --once, --prometheus, --help, --version and a 2,000-entry --list: a failed write exits 1 with a message"

# a closed stdout cannot make the report go to a socket that took its
# number: nothing but the message on stderr
out=$("$CTDASH" --json --netns "$NS" 2>&1 >&-) && die "exit 0"
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || die "more than the message: $out"
passed=$((passed + 1))

echo "$passed passed, 0 failed"
