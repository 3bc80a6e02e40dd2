#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --delete on a terminal, as people use it over SSH:
# - a "yes" typed ahead while the table is read answers nothing (the
#   terminal's input is flushed before each question); typed after the
#   question, it deletes (driven on a pty by tests/tools/keylat);
# - Ctrl-C, or SIGHUP (the session dropped), while the entries are deleted
#   stops after the entry under way, as SIGTERM does: the journal's result
#   and stderr say how many were left, exit status 130, 129.
. "$TESTLIB"
need_root
[ -x "$TOOLS/keylat" ] || die "$TOOLS/keylat is not built"

NS=$(ns_create ctdt) || exit 1
ns_sysctl "$NS" nf_conntrack_udp_timeout 600
J=$TEST_TMP/journal
count() { ip netns exec "$NS" conntrack -C 2>/dev/null; }
fill() { # N: the namespace's table holds exactly N UDP entries
	ip netns exec "$NS" conntrack -F 2>/dev/null
	ip netns exec "$NS" "$TOOLS/ctload" fill --count "$1" --sources 127.0.1.1-127.0.1.100 \
		>/dev/null || die "ctload fill $1 failed"
	[ "$(count)" = "$1" ] || die "the table holds $(count), not $1"
}


# typed ahead: script(1) hands its standard input to the pty at once,
# long before the question; the answer is then end of input
fill 1000
if command -v script >/dev/null; then
	out=$(printf 'yes\n' | timeout 60 script -qec "$CTDASH --netns $NS --journal $J --delete 'src 127.0.1.1'" /dev/null)
	grep -q "Type yes to delete" <<<"$out" || die "no question: $out"
	grep -q "nothing deleted" <<<"$out" || die "a typed-ahead yes answered the question: $out"
	[ "$(count)" = 1000 ] || die "a typed-ahead yes deleted $((1000 - $(count))) entries"
fi
# typed after the question: it answers
out=$("$TOOLS/keylat" -S -n 1 -w 30 -t 30 -r 'Type yes to delete: ' -k 'yes\n' -e 'deleted 10,' \
	-- "$CTDASH" --netns "$NS" --journal "$J" --delete 'src 127.0.1.1') ||
	die "yes typed after the question did not delete: $out"
[ "$(count)" = 990 ] || die "the answered delete left $(count) of 1000 entries, not 990"
note "typed ahead: nothing deleted; typed after the question: 10 deleted"

# a signal while the entries are deleted: Ctrl-C (SIGINT), or SIGHUP
# (the session dropped) stops after the entry under way
max=$(cat /proc/sys/net/netfilter/nf_conntrack_max)
N=100000
[ $((max / 2)) -lt $N ] && N=$((max / 2))
stopped_by() { # SIGNAL STATUS NAME
	local j=$TEST_TMP/journal.$1 pid status left
	fill "$N"
	ip netns exec "$NS" "$CTDASH" --delete 'proto udp' --yes --yes --journal "$j" \
		>"$TEST_TMP/out" 2>"$TEST_TMP/err" &
	pid=$!
	for ((i = 0; i < 3000; i++)); do
		grep -q " delete filter='proto udp' matched=$N " "$j" 2>/dev/null && break
		sleep 0.01
	done
	kill -"$1" "$pid"
	wait "$pid"
	status=$?
	[ "$status" = "$2" ] || die "--delete after SIG$1 exited $status: $(cat "$TEST_TMP/err")"
	left=$(grep ' note .* deleted ' "$j" | tail -n 1 | sed -n 's/.* stopped untried \([0-9]*\) .*/\1/p')
	[ -n "$left" ] || die "SIG$1: the journal has no stopped result: $(cat "$j")"
	[ "$(count)" = "$left" ] || die "SIG$1: the journal says $left left, conntrack -C counts $(count)"
	# stderr groups the count by thousands (99,212), the journal does not
	said=$(sed -n "s/^ctdash: stopped by $3: \([0-9,]*\) matching entries left as they were\$/\1/p" \
		"$TEST_TMP/err" | tr -d ,)
	[ "$said" = "$left" ] ||
		die "--delete did not say what SIG$1 left ($left): $(cat "$TEST_TMP/err")"
	note "SIG$1: exit $2, $left of $N left, said on stderr and in the journal"
}
stopped_by INT 130 "Ctrl-C"
stopped_by HUP 129 "SIGHUP (the terminal hung up)"
echo "1 passed, 0 failed"
