#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every source file says its licence in its first lines (an SPDX line:
# GPL-2.0-or-later, as COPYING and debian/copyright say), so a file copied
# out of the tree keeps it. New files get it too: this fails on one that
# does not.
set -u
: "${LAYER_SRCDIR:?run from make check}"
cd "$LAYER_SRCDIR" || exit 99
spdx='SPDX-License-Identifier: GPL-2.0-or-later'
missing=$(find src ui tests -name '*.[ch]' -o -name '*.sh' | sort | while read -r f; do
	head -n 2 "$f" | grep -q "$spdx" || echo "$f"
done)
if [ -n "$missing" ]; then
	echo "FAIL: no '$spdx' in the first two lines of:"
	echo "$missing" | sed 's/^/  /'
	exit 1
fi
grep -q 'GNU GENERAL PUBLIC LICENSE' COPYING && grep -q 'Version 2, June 1991' COPYING ||
	{ echo "FAIL: COPYING is not the GPL version 2"; exit 1; }
grep -q '^License: GPL-2.0-or-later' debian/copyright ||
	{ echo "FAIL: debian/copyright does not say GPL-2.0-or-later"; exit 1; }
echo "ok: every source file has its SPDX line; COPYING and debian/copyright agree"
