#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The command line: help and version, bad options and values, a namespace
# that does not exist, and --once fitting 80 columns on a busy table.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/ctlist.sh"
need_root

out=$(mktemp)
err=$(mktemp)
# keep the test's status for lib.sh's cleanup
trap 'st=$?; rm -f "$out" "$err"; (exit $st); _cleanup' EXIT

# run ARG...: ctdash's status in $rc, its output in the files.
run() { "$CTDASH" "$@" >"$out" 2>"$err"; rc=$?; }

run --help
[ "$rc" = 0 ] || die "--help exited $rc"
grep -q '^Usage: ctdash' "$out" || die "--help prints no usage on stdout"
grep -q -- '--netns-pid' "$out" || die "--help does not list --netns-pid"
run --version
[ "$rc" = 0 ] || die "--version exited $rc"
grep -Eq '^ctdash [0-9]+\.[0-9]+' "$out" || die "--version prints '$(cat "$out")'"

for bad in "--top abc" "--top 0" "--bogus" "-x" "--once --json" "--top" "stray" "--view entries"; do
	# shellcheck disable=SC2086 # split the options on purpose
	run $bad
	[ "$rc" = 2 ] || die "ctdash $bad exited $rc, not 2"
	grep -q '^Usage: ctdash' "$err" && die "ctdash $bad prints the whole help, not the error alone"
	[ "$(wc -l <"$err")" -le 4 ] || die "ctdash $bad says $(wc -l <"$err") lines: $(cat "$err")"
	grep -q "^ctdash: " "$err" || die "ctdash $bad names no error: $(cat "$err")"
	grep -qx "Try 'ctdash --help' for more information." "$err" ||
		die "ctdash $bad does not point at --help: $(cat "$err")"
	[ ! -s "$out" ] || die "ctdash $bad wrote to stdout: $(cat "$out")"
done
grep -q 'abc' <("$CTDASH" --top abc 2>&1) || die "--top abc does not name the bad value"
# the dashboard's views name themselves (ui/views.c)
grep -q "invalid value 'entries' for --view: expected .*list.* or namespaces" \
	<("$CTDASH" --view entries 2>&1) || die "--view entries does not list the views"

missing="ctdi-missing-$$-$RANDOM"
for mode in --json --once; do
	run "$mode" --netns "$missing"
	[ "$rc" = 2 ] || die "$mode --netns $missing exited $rc, not 2"
	grep -q "$missing" "$err" || die "the error does not name $missing: $(cat "$err")"
	[ ! -s "$out" ] || die "$mode --netns $missing wrote to stdout"
done

# A busy table: ten IPv4 sources, IPv6, TIME_WAIT, ESTABLISHED, ICMP.
NS=$(ns_create ctdi) || exit 1
long_timeouts "$NS"
for i in $(seq 10); do
	ip netns exec "$NS" "$TOOLS/ctload" udp --src "127.0.$i.$i" --ports "3000-$((3000 + 7 * i))" \
		>/dev/null || die "ctload udp failed"
done
ip netns exec "$NS" "$TOOLS/ctload" udp6 --ports 5000-5009 >/dev/null || die "ctload udp6 failed"
ip netns exec "$NS" "$TOOLS/ctload" tcp-timewait --count 5 >/dev/null || die "ctload tcp-timewait failed"
ip netns exec "$NS" "$TOOLS/ctload" ping --count 3 >/dev/null || die "ctload ping failed"
start_holder "$NS" 3 127.0.0.1

run --once --netns "$NS"
[ "$rc" = 0 ] || die "--once exited $rc: $(cat "$err")"
grep -q 'TIME_WAIT' "$out" || die "--once shows no TCP states"
grep -q '127\.0\.10\.10' "$out" || die "--once does not show the top source"
long=$(over_80 "$(cat "$out")")
[ -z "$long" ] || die "--once lines over 80 columns:
$long"
note "--once: $(wc -l <"$out") lines, none over 80 columns"
