#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The layers hold: a core file that includes curses, or a ui/ header, does
# not compile with the core's flags; a UI file that includes a netlink
# header does not compile with the UI's. Each case is compiled for real
# with the include paths Makefile.am gives that layer; a clean file is
# compiled first so a broken compiler cannot pass the test.
#
# And the families keep their order: base < model < collect <
# write, serve, demo < record < cli < ui. A file includes its own family and the
# ones below it, never one above; ui/ never includes cli/ (the dashboard
# gets its settings as struct ui_settings); src/cli/main.c alone joins the
# two front ends and may include ui/. LAYER_ROOT checks another tree (the
# test checks itself on a scratch copy with one bad include).
set -u
: "${LAYER_CC:?run from make check}" "${LAYER_SRCDIR:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fails=0

core="-I$LAYER_SRCDIR/src/guard -I$LAYER_SRCDIR/src"
ui="-I$LAYER_SRCDIR/ui/guard -I$LAYER_SRCDIR/src"

# compiles FLAGS INCLUDE: 0 when a file including INCLUDE compiles
compiles() {
	printf '#include %s\nint layer_probe(void);\nint layer_probe(void) { return 0; }\n' "$2" >"$tmp/probe.c"
	# shellcheck disable=SC2086
	$LAYER_CC -std=gnu11 $1 ${LAYER_CFLAGS:-} -c "$tmp/probe.c" -o "$tmp/probe.o" 2>"$tmp/err"
}
expect() { # expect ok|refused LAYER FLAGS INCLUDE [MESSAGE]
	if compiles "$3" "$4"; then got=ok; else got=refused; fi
	if [ "$got" != "$1" ]; then
		echo "FAIL: $2 including $4: $got, expected $1"; sed 's/^/  /' "$tmp/err" | head -5
		fails=$((fails + 1))
	elif [ "$1" = refused ] && [ -n "${5:-}" ] && ! grep -q "$5" "$tmp/err"; then
		echo "FAIL: $2 including $4 was refused without saying why:"; sed 's/^/  /' "$tmp/err" | head -5
		fails=$((fails + 1))
	else
		echo "ok: $2 including $4: $got"
	fi
}

expect ok core "$core" '"model/model.h"'
expect ok core "$core" '<libmnl/libmnl.h>'
expect refused core "$core" '<curses.h>' 'must not include curses'
expect refused core "$core" '<ncurses.h>' 'must not include curses'
expect refused core "$core" '<ncursesw/curses.h>' 'must not include curses'
expect refused core "$core" '"ui/panel.h"'
expect refused core "$core" '"screen.h"'
expect ok ui "$ui" '<curses.h>'
expect ok ui "$ui" '"model/model.h"'
expect ok ui "$ui" '"write/tune.h"'
expect ok ui "$ui" '"collect/sampler.h"'
expect refused ui "$ui" '<libmnl/libmnl.h>' 'must not include netlink'
expect refused ui "$ui" '<linux/netlink.h>' 'must not include netlink'
expect refused ui "$ui" '<linux/netfilter/nfnetlink_conntrack.h>' 'must not include netlink'
expect refused ui "$ui" '"collect/nlconn.h"' 'must not include netlink'

# Every header the UI includes from the core must pass the UI's guard.
for h in $(grep -ho '#include "[a-z]*/[a-z_]*\.h"' "$LAYER_SRCDIR"/ui/*.c "$LAYER_SRCDIR"/ui/*.h | sort -u | cut -d'"' -f2); do
	expect ok ui "$ui" "\"$h\""
done
# rank FAMILY: its place in the order; empty for what is not a family
rank() {
	case $1 in
	base) echo 0 ;; model) echo 1 ;; collect) echo 2 ;;
	write | serve | demo) echo 3 ;; record) echo 4 ;; cli) echo 5 ;; ui) echo 6 ;;
	esac
}
# family FILE (relative to the tree): base, model, …, ui
family() {
	case $1 in
	ui/*) echo ui ;;
	src/*/*) f=${1#src/}; echo "${f%%/*}" ;;
	esac
}
# order ROOT: every include in ROOT's src/ and ui/ against the order; one
# line a wrong-way include, and 1 when there was one
order() {
	bad=0
	for file in $(cd "$1" && find src ui -name '*.[ch]' -not -path '*/guard/*' | sort); do
		from=$(family "$file")
		[ -n "$from" ] || continue
		for inc in $(sed -n 's/^#include "\([a-z]*\)\/.*/\1/p' "$1/$file" | sort -u); do
			to_rank=$(rank "$inc")
			[ -n "$to_rank" ] || continue
			[ "$file" = src/cli/main.c ] && [ "$inc" = ui ] && continue
			if [ "$from" = ui ] && [ "$inc" = cli ]; then
				echo "FAIL: $file includes cli/: ui/ never includes the command line"
				bad=1
			elif [ "$to_rank" -gt "$(rank "$from")" ]; then
				echo "FAIL: $file ($from) includes $inc/, a family above it"
				bad=1
			fi
		done
	done
	return $bad
}

# every folder of src/ has its place in the order
for d in "${LAYER_ROOT:-$LAYER_SRCDIR}"/src/*/; do
	f=$(basename "$d")
	if [ "$f" != guard ] && [ -z "$(rank "$f")" ]; then
		echo "FAIL: src/$f/ has no place in the family order (rank() in tests/layers.sh)"
		fails=$((fails + 1))
	fi
done
if order "${LAYER_ROOT:-$LAYER_SRCDIR}"; then
	echo "ok: every include keeps the family order"
else
	fails=$((fails + 1))
fi
# The order check must see a wrong-way include: one injected into a copy.
if [ -z "${LAYER_ROOT:-}" ]; then
	mkdir "$tmp/tree" && cp -R "$LAYER_SRCDIR/src" "$LAYER_SRCDIR/ui" "$tmp/tree/" || exit 99
	printf '#include "collect/sysctl.h"\n' >>"$tmp/tree/src/base/format.h"
	printf '#include "cli/report.h"\n' >>"$tmp/tree/ui/text.h"
	if order "$tmp/tree" >"$tmp/out"; then
		echo "FAIL: the order check let a wrong-way include through"
		fails=$((fails + 1))
	elif ! grep -q 'src/base/format.h (base) includes collect/' "$tmp/out" ||
		! grep -q 'ui/text.h includes cli/' "$tmp/out"; then
		echo "FAIL: the order check missed an injected include:"; sed 's/^/  /' "$tmp/out"
		fails=$((fails + 1))
	else
		echo "ok: the order check refuses an injected wrong-way include"
	fi
fi
[ "$fails" = 0 ] && echo "1 passed, 0 failed" || { echo "0 passed, 1 failed"; exit 1; }
