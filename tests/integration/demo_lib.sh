#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The demo library (src/demo/) without the dashboard: netns_demo (cmocka)
# runs inside a namespace of our own and starts, drives and stops a demo
# there; afterwards nothing of it is left on the host.
. "$TESTLIB"
need_root

NS=$(ns_create dlib) || exit 1
# ip netns exec runs the program in its own process: the demo is named
# after that pid
ip netns exec "$NS" "$NSTESTS/netns_demo" &
pid=$!
wait "$pid" || die "netns_demo failed"
[ ! -e "/run/netns/ctdash-demo-$pid" ] || die "the demo's namespace ctdash-demo-$pid is left behind"
echo "1 passed, 0 failed"
