#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Messages that name the real cause (issue 16, item 18):
# - --netns with a '/' (or '.', '..') is refused for that, not called a
#   namespace that does not exist;
# - too few file descriptors (ulimit -n) is said so at once, in every mode,
#   not "cannot draw on this terminal" or a table that "could not be dumped";
# - --list without CAP_NET_ADMIN fails before its header: stdout stays empty.
# (The list view's own message without the privilege: tests/tui/nonroot_list.sh.)
. "$TESTLIB"
need_root
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing" >&2; exit $HARD; }
command -v script >/dev/null || { echo "script (util-linux) is missing" >&2; exit $HARD; }
out=$TEST_TMP/out err=$TEST_TMP/err

# --netns: the name's own problem
for name in ../x a/b . ..; do
	"$CTDASH" --once --netns "$name" >"$out" 2>"$err"
	rc=$?
	[ "$rc" = 2 ] || die "--netns '$name' exited $rc, not 2"
	grep -q "does not exist" "$err" && die "--netns '$name' said: $(cat "$err")"
	case $name in
	*/*) grep -q "a name holds no '/'" "$err" || die "--netns '$name' does not name the '/': $(cat "$err")" ;;
	*) grep -q "'.' and '..' are no namespace names" "$err" || die "--netns '$name': $(cat "$err")" ;;
	esac
	[ ! -s "$out" ] || die "--netns '$name' wrote to stdout"
done

# ulimit -n: said at once, exit 1, whatever the mode
few="too few file descriptors: [0-9]+ more can be opened, ctdash needs [0-9]+ \(ulimit -n is 12;"
for mode in --once --json --list --prometheus; do
	bash -c "ulimit -n 12; exec \"\$0\" $mode" "$CTDASH" >"$out" 2>"$err"
	rc=$?
	[ "$rc" = 1 ] || die "$mode under ulimit -n 12 exited $rc: $(cat "$err")"
	grep -Eq "$few" "$err" || die "$mode under ulimit -n 12 said: $(cat "$err")"
	[ ! -s "$out" ] || die "$mode under ulimit -n 12 wrote a report: $(head -c 300 "$out")"
done
# the dashboard, on a terminal: not "cannot draw on this terminal"
TERM=xterm timeout 20 script -qec "bash -c 'ulimit -n 12; exec \"\$0\"' '$CTDASH'" /dev/null \
	</dev/null >"$out" 2>&1
grep -Eq "$few" "$out" || die "the dashboard under ulimit -n 12 said: $(head -c 500 "$out")"
grep -q "cannot draw" "$out" && die "the dashboard blamed the terminal"
# and with room enough, it works
bash -c "ulimit -n 64; exec \"\$0\" --once" "$CTDASH" >"$out" 2>"$err" ||
	die "--once under ulimit -n 64 failed: $(cat "$err")"

# --list without the privilege: the error, and no header before it
cp "$CTDASH" "$TEST_TMP/ctdash" && chmod 0755 "$TEST_TMP" "$TEST_TMP/ctdash"
for args in "--list" "--list --sort timeout" "--list proto udp"; do
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$TEST_TMP/ctdash" $args >"$out" 2>"$err"
	rc=$?
	[ "$rc" = 1 ] || die "$args without CAP_NET_ADMIN exited $rc"
	grep -q "cannot read the conntrack table: Operation not permitted (it needs CAP_NET_ADMIN)" \
		"$err" || die "$args without CAP_NET_ADMIN said: $(cat "$err")"
	[ ! -s "$out" ] || die "$args without CAP_NET_ADMIN printed: $(cat "$out")"
done
echo "1 passed, 0 failed"
