#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the Debian package from the committed tree (dpkg-buildpackage -us
# -uc, in a scratch copy so nothing lands beside the tree), install it with
# apt, check that its ctdash runs and its files are where they belong, then
# remove it again. Root; needs the build dependencies of debian/control
# and dpkg-dev. Not part of make check (a minute or more); run by hand:
#   bash tests/deb/build-and-install.sh [--keep]
set -eu
cd "$(dirname "$0")/../.."
keep=${1:-}
work=$(mktemp -d /tmp/ctdash-deb.XXXXXX)
installed=
cleanup() {
	[ -n "$installed" ] && [ "$keep" != --keep ] && apt-get remove -y -qq ctdash >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
git archive --format=tar --prefix=ctdash/ HEAD | tar -x -C "$work"
t0=$(date +%s)
(cd "$work/ctdash" && dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1) || {
	tail -30 "$work/build.log"; echo "FAIL: dpkg-buildpackage"; exit 1; }
deb=$(ls "$work"/ctdash_*.deb)
echo "# built $(basename "$deb") in $(($(date +%s) - t0)) s, $(stat -c %s "$deb") bytes"
dpkg-deb -c "$deb" | awk '{print $6}' | grep -v '/$' | sed 's/^\.//' >"$work/files"
for f in /usr/bin/ctdash /usr/share/bash-completion/completions/ctdash \
	 /usr/share/ctdash/prometheus/ctdash-rules.yml /usr/lib/systemd/system/ctdash-exporter.service \
	 /usr/lib/systemd/system/ctdash-exporter-all-netns.service; do
	grep -qx "$f" "$work/files" || { echo "FAIL: the package lacks $f"; cat "$work/files"; exit 1; }
done
grep -q '^/usr/share/man/man[18]/ctdash\.[18]\.gz$' "$work/files" || { echo "FAIL: no manual page"; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; echo "FAIL: apt install"; exit 1; }
installed=yes
/usr/bin/ctdash --version
/usr/bin/ctdash --prometheus | promtool check metrics
/usr/bin/ctdash --json | jq -e '.max > 0' >/dev/null
grep -q '^ExecStart=/usr/bin/ctdash ' /usr/lib/systemd/system/ctdash-exporter.service
systemd-analyze verify /usr/lib/systemd/system/ctdash-exporter.service
echo "# installed with apt; /usr/bin/ctdash runs, --prometheus passes promtool, the unit verifies"
echo "1 passed, 0 failed"
