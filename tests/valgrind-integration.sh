#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every integration test (tests/integration/*.sh) and, with --tui, every
# dashboard test (tests/tui/*.sh), with ctdash and tunectl run under
# valgrind memcheck; then the sum: runs, errors and definite leaks, per
# test. Slow (each run of the program takes 20-50x longer), so not in make
# check: `make valgrind` (VALGRIND_ARGS=--tui for the dashboard tests too).
#
#   tests/valgrind-integration.sh [--tui] [--keep DIR] [TEST...]
#
# Environment as make check sets it: CTDASH, TOOLS, TESTLIB, FIXTURES,
# NSTESTS. The tests' waits are stretched by CTDASH_TEST_SLOW (default 10
# here). Exit status 0 when no run had a memcheck error or a definite
# leak and every test passed; 1 otherwise.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tui=no
keep=
tests=()
while [ $# -gt 0 ]; do
	case "$1" in
	--tui) tui=yes ;;
	--keep) keep=$2; shift ;;
	-*) echo "usage: $0 [--tui] [--keep DIR] [TEST...]" >&2; exit 2 ;;
	*) tests+=("$1") ;;
	esac
	shift
done
: "${CTDASH:?set CTDASH to the ctdash binary (make valgrind does)}"
: "${TOOLS:?set TOOLS to the tests/tools build directory}"
: "${TESTLIB:=$here/lib/lib.sh}"
command -v valgrind >/dev/null || { echo "valgrind is missing (apt-get install valgrind)" >&2; exit 99; }

if [ ${#tests[@]} -eq 0 ]; then
	for t in "$here"/integration/*.sh; do
		case "$(basename "$t")" in
		lib.sh | *_lib.sh | ctlist.sh | promlib.sh) continue ;; # sourced, not run
		esac
		# demo_lib.sh is a test (the demo library), despite its name
		tests+=("$t")
	done
	tests+=("$here/integration/demo_lib.sh")
	if [ $tui = yes ]; then
		for t in "$here"/tui/*.sh; do
			case "$(basename "$t")" in
			tuilib.sh | tunelib.sh | measure-*.sh) continue ;;
			esac
			tests+=("$t")
		done
	fi
fi

work=${keep:-$(mktemp -d /tmp/ctdash-vg.XXXXXX)}
mkdir -p "$work/logs" "$work/bin" "$work/tools" "$work/out"
# the dashboard tests run ctdash as other users too: they write logs here
chmod 1777 "$work/logs"
chmod 0755 "$work" "$work/bin" "$work/tools"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT

real_ctdash=$(readlink -f "$CTDASH")
real_tunectl=
[ -x "$TOOLS/tunectl" ] && real_tunectl=$(readlink -f "$TOOLS/tunectl")
# wrapper LOGDIR NAME REAL: a script that runs REAL under memcheck, one
# log per process in LOGDIR (written into the script: the dashboard tests
# start the program with a clean environment). The log goes to a descriptor
# the script opens, not to --log-file: memcheck puts that file on the
# lowest free descriptor, so a test that closes stdout would find the
# program's stdout open (on the log).
wrapper() {
	cat <<EOF
#!/bin/bash
exec {vgfd}>>"$1/$2.\$\$.log" || exit 99
exec valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \\
	--track-fds=no --log-fd=\$vgfd '$3' "\$@"
EOF
}
# make_wrappers LOGDIR: ctdash, and tunectl (the write path), under
# memcheck; the other tools as built.
make_wrappers() {
	wrapper "$1" ctdash "$real_ctdash" >"$work/bin/ctdash"
	chmod 0755 "$work/bin/ctdash"
	# (TOOLS is the wrappers' folder by now: the real one was read before)
	if [ -n "$real_tunectl" ]; then
		rm -f "$work/tools/tunectl"
		wrapper "$1" tunectl "$real_tunectl" >"$work/tools/tunectl"
		chmod 0755 "$work/tools/tunectl"
	fi
}
for f in "$TOOLS"/*; do
	[ -f "$f" ] && [ -x "$f" ] && ln -sf "$(readlink -f "$f")" "$work/tools/$(basename "$f")"
done

export CTDASH="$work/bin/ctdash" TOOLS="$work/tools" TESTLIB
export CTDASH_TEST_SLOW=${CTDASH_TEST_SLOW:-10}

# sum_logs DIR: "runs errors leaked_bytes unfinished" over DIR's logs.
sum_logs() {
	awk '
	FNR == 1 { runs++; done_file[FILENAME] = 0 }
	/ERROR SUMMARY:/ { errors += $4; done_file[FILENAME] = 1 }
	/definitely lost:/ { gsub(",", "", $4); leaked += $4 }
	END {
		for (f in done_file) if (!done_file[f]) unfinished++
		printf "%d %d %d %d\n", runs, errors, leaked, unfinished
	}' "$1"/*.log 2>/dev/null || echo "0 0 0 0"
}

printf '%-34s %6s %5s %7s %7s %6s %s\n' test result runs errors leaked unfin seconds
total_runs=0 total_err=0 total_leak=0 failed=0 bad=0
for t in "${tests[@]}"; do
	name=$(basename "$(dirname "$t")")/$(basename "$t" .sh)
	logdir="$work/logs/${name//\//_}"
	mkdir -p "$logdir"
	chmod 1777 "$logdir"
	make_wrappers "$logdir"
	start=$(date +%s)
	nice -n 5 bash "$t" >"$work/out/${name//\//_}.out" 2>&1 </dev/null
	rc=$?
	secs=$(($(date +%s) - start))
	case $rc in 0) result=pass ;; 77) result=skip ;; *) result="FAIL$rc"; failed=$((failed + 1)) ;; esac
	read -r runs errors leaked unfinished < <(sum_logs "$logdir")
	printf '%-34s %6s %5d %7d %7d %6d %d\n' "$name" "$result" "$runs" "$errors" "$leaked" \
		"$unfinished" "$secs"
	total_runs=$((total_runs + runs)) total_err=$((total_err + errors))
	total_leak=$((total_leak + leaked))
	[ "$errors" = 0 ] && [ "$leaked" = 0 ] || bad=$((bad + 1))
done
echo "total: ${#tests[@]} tests, $failed failed; $total_runs runs under memcheck," \
	"$total_err errors, $total_leak bytes definitely lost ($bad tests with either)"
echo "logs: $work/logs (a run killed by a signal leaves an unfinished log: no summary)"
[ -n "$keep" ] || echo "(removed on exit; --keep DIR keeps them)"
[ "$total_err" = 0 ] && [ "$total_leak" = 0 ] && [ "$failed" = 0 ]
