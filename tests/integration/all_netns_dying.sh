#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --all-netns while a namespace is being deleted: `ip netns del` unmounts
# /run/netns/NAME and then removes the file; between the two the name is a
# plain empty file, and setns on it fails with EINVAL. That namespace is
# gone, not "could not be read". Here the file is left in that state on
# purpose (made with ns_create, so the cleanup removes it).
. "$TESTLIB"
need_root

A=$(ns_create ctdy) || exit 1
umount "/run/netns/$A" || die "cannot unmount /run/netns/$A"
[ -f "/run/netns/$A" ] || die "/run/netns/$A is not left as a plain file"
json=$("$CTDASH" --all-netns --json) || die "--all-netns --json failed"
listed=$(jq --arg n "$A" '[.namespaces[] | select(.name == $n)] | length' <<<"$json")
[ "$listed" = 0 ] || die "the namespace being deleted is listed: $(jq -c --arg n "$A" \
	'.namespaces[] | select(.name == $n)' <<<"$json")"
problem=$(jq -r '.namespaces_problem // ""' <<<"$json")
grep -q "Invalid argument" <<<"$problem" && die "reported as unreadable: $problem"
prom=$("$CTDASH" --all-netns --prometheus) || die "--all-netns --prometheus failed"
grep -q "netns=\"$A\"" <<<"$prom" && die "--prometheus has series of the namespace being deleted"
note "a namespace being deleted is left out, not called unreadable"
echo "1 passed, 0 failed"
