#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nf_conntrack loaded but its sysctls hidden (a tmpfs over
# /proc/sys/net/netfilter, then over the whole of /proc/sys, in a private
# mount namespace, as a container runtime may mount it): ctdash names the
# real cause, the sysctls it cannot read, and never says "nf_conntrack is
# not loaded". The entry table is still dumped and counted.
. "$TESTLIB"
need_root
command -v unshare >/dev/null || { echo "unshare (util-linux) is missing" >&2; exit $HARD; }
[ -d /sys/module/nf_conntrack ] || { echo "nf_conntrack is not loaded" >&2; exit 77; }

NS=$(ns_create ctsh) || exit 1
ip netns exec "$NS" conntrack -I -p udp -s 10.200.9.1 -d 10.200.9.2 --sport 1 --dport 2 -t 60 >/dev/null 2>&1 ||
	die "conntrack -I failed"

for over in /proc/sys/net/netfilter /proc/sys; do
	for mode in --json --once; do
		out=$(ip netns exec "$NS" unshare -m sh -c 'mount -t tmpfs ctdash-test "$1" && shift && exec "$@"' sh \
			"$over" "$CTDASH" $mode 2>"$TEST_TMP/err")
		# one line: the text report wraps its notes
		all=$(printf '%s %s' "$out" "$(cat "$TEST_TMP/err")" | tr -s ' \n' '  ')
		if grep -q "not loaded" <<<"$all"; then
			die "$mode with a tmpfs over $over says: $(grep "not loaded" <<<"$all" | head -c 300)"
		fi
		grep -q "sysctls could not be read (/proc/sys/net/netfilter/nf_conntrack_count: no such file" <<<"$all" ||
			die "$mode with a tmpfs over $over does not name the cause: $(head -c 800 <<<"$all")"
		if [ $mode = --once ]; then
			grep -q "^Table    unknown" <<<"$out" || die "--once: $(grep "^Table" <<<"$out" | head -c 200)"
		else
			[ "$(json_get "$out" .count)" = null ] || die "count is $(json_get "$out" .count), not null"
			[ "$(json_get "$out" .entries_dumped)" = 1 ] ||
				die "entries_dumped is $(json_get "$out" .entries_dumped | head -c 100), not 1"
		fi
	done
	note "a tmpfs over $over: $(grep -o 'note: the conntrack sysctls[^:]*:[^:]*:' <<<"$all")"
done
echo "1 passed, 0 failed"
