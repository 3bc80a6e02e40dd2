#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The sampler thread (src/collect/sampler.c) against a real table: a
# namespace of our own with known flows, read by netns_sampler (cmocka)
# from inside it, so the host's table never matters.
. "$TESTLIB"
need_root

NS=$(ns_create smp) || exit 1
FLOWS=200
ip netns exec "$NS" "$TOOLS/ctload" udp --ports 20000-$((20000 + FLOWS - 1)) >/dev/null ||
	die "ctload could not make $FLOWS flows"
SAMPLER_ENTRIES=$FLOWS ip netns exec "$NS" "$NSTESTS/netns_sampler" ||
	die "netns_sampler failed"
echo "1 passed, 0 failed"
