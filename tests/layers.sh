#!/bin/sh
# The layers hold: a core file that includes curses, or a ui/ header, does
# not compile with the core's flags; a UI file that includes a netlink
# header does not compile with the UI's. Each case is compiled for real
# with the include paths Makefile.am gives that layer; a clean file is
# compiled first so a broken compiler cannot pass the test.
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
[ "$fails" = 0 ] && echo "1 passed, 0 failed" || { echo "0 passed, 1 failed"; exit 1; }
