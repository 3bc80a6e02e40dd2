# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the integration, TUI and benchmark scripts: namespaces that the
# test creates, conntrack made active in them, and cleanup on every exit.
#
# Rules kept here so no test has to remember them:
#  - traffic stays on loopback inside namespaces this file created;
#  - only namespaces and processes created here are deleted, by name or pid;
#  - global settings (nf_conntrack_max) are restored by an EXIT trap.

set -u

# Automake's test protocol: 77 means skipped, 99 a hard error.
SKIP=77
HARD=99

# Every test that sources this needs root (namespaces, the table, the
# sysctls). Without it the test is skipped, so `make check` as a user
# runs what it can; CI sets CTDASH_REQUIRE_ROOT_TESTS=1 (setup.sh check),
# and then a test that cannot run as root is a failure, not a skip.
if [ "$(id -u)" != 0 ]; then
	if [ "${CTDASH_REQUIRE_ROOT_TESTS:-0}" = 1 ]; then
		echo "this test needs root, and CTDASH_REQUIRE_ROOT_TESTS=1 says it must run" >&2
		exit $HARD
	fi
	echo "SKIP: this test needs root (network namespaces); run make check as root" >&2
	exit $SKIP
fi

CTDASH=${CTDASH:-ctdash}
# Waits are multiplied by this (tests/valgrind-integration.sh sets 10: the
# program runs 20-50 times slower under memcheck).
SLOW=${CTDASH_TEST_SLOW:-1}
TOOLS=${TOOLS:-$(dirname "$0")/../tools}

_ns_list=()
_pid_list=()
_restore=()
# ns_create is called as NS=$(ns_create ...): a subshell, whose additions
# to _ns_list the EXIT trap never sees. So names also go to this file.
_ns_file=$(mktemp /tmp/ctdash-ns.XXXXXX)
# a private scratch directory, removed on exit
TEST_TMP=$(mktemp -d /tmp/ctdash-test.XXXXXX)

die() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "# $*"; }

_cleanup() {
	local rc=$?
	local p ns r
	for p in "${_pid_list[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${_pid_list[@]}"; do wait "$p" 2>/dev/null; done
	for ns in "${_ns_list[@]}" $(cat "$_ns_file" 2>/dev/null); do ip netns del "$ns" 2>/dev/null; done
	rm -f "$_ns_file"
	rm -rf "$TEST_TMP"
	for r in "${_restore[@]}"; do eval "$r"; done
	exit "$rc"
}
trap _cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# nf_conntrack_max and the hash size are global: a test that changes them
# takes this lock exclusively (exclusive_globals), every other test holds
# it shared, so no test counts a table while another resizes it or lowers
# the limit under it, even when test runs overlap on one machine.
exec 9>>/run/lock/ctdash-tests.lock
# A process a test left running keeps the lock (children inherit fd 9):
# wait a bounded time and say so rather than hang the whole run.
_lock_wait=${CTDASH_LOCK_WAIT:-1200}
flock -s -w "$_lock_wait" 9 ||
	{ echo "waited ${_lock_wait}s for the global-settings lock (/run/lock/ctdash-tests.lock)" >&2; exit 99; }
exclusive_globals() {
	flock -u 9
	flock -x -w "$_lock_wait" 9 ||
		{ echo "waited ${_lock_wait}s for the global-settings lock, exclusively" >&2; exit 99; }
}

# need_test_hooks: the test sets CTDASH_TEST_* variables, which only a
# build configured with --enable-test-hooks reads; skip without them.
need_test_hooks() {
	"$CTDASH" --version | grep -q '(test hooks)' && return 0
	echo "SKIP: this test needs a build configured with --enable-test-hooks" >&2
	exit $SKIP
}

need_root() {
	command -v ip >/dev/null || { echo "iproute2 (ip) is missing" >&2; exit $HARD; }
	command -v nft >/dev/null || { echo "nftables (nft) is missing" >&2; exit $HARD; }
	command -v conntrack >/dev/null || { echo "conntrack-tools (conntrack) is missing" >&2; exit $HARD; }
	command -v jq >/dev/null || { echo "jq is missing" >&2; exit $HARD; }
}

# ns_create PREFIX: prints the name of a new namespace whose loopback is up
# and whose output hook has a `ct state` rule, so every flow is tracked.
ns_create() {
	local ns="$1-$$-$RANDOM"
	ip netns add "$ns" || die "cannot create namespace $ns"
	_ns_list+=("$ns")
	echo "$ns" >>"$_ns_file"
	ip -n "$ns" link set lo up
	# the demo's own ruleset (src/demo/demo_nft.c), so tests track as it does
	local rules
	rules=$("$TOOLS/ctload" nft-ruleset) || die "cannot get the nft ruleset from $TOOLS/ctload"
	ip netns exec "$ns" nft -f - <<<"$rules" || die "cannot load the nft rule in $ns"
	echo "$ns"
}

# ns_track_pid PID: a background process to kill on exit.
ns_track_pid() { _pid_list+=("$1"); }

# ct_top_src NS: the original source holding most entries in NS, by
# conntrack -L (the first src= of a record).
ct_top_src() {
	ip netns exec "$1" conntrack -L 2>/dev/null |
		awk '{ for (i = 1; i <= NF; i++) if (substr($i, 1, 4) == "src=") { n[substr($i, 5)]++; break } }
		     END { for (a in n) if (n[a] > best) { best = n[a]; top = a } print top }'
}

# ns_sysctl NS NAME VALUE: set a per-namespace conntrack sysctl.
ns_sysctl() { ip netns exec "$1" sh -c "echo $3 > /proc/sys/net/netfilter/$2"; }

# raise_global_max N: nf_conntrack_max is global; raise it for the run and
# put the old value back on every exit path.
raise_global_max() {
	local old
	exclusive_globals
	old=$(cat /proc/sys/net/netfilter/nf_conntrack_max)
	if [ "$old" -lt "$1" ]; then
		_restore+=("echo $old > /proc/sys/net/netfilter/nf_conntrack_max")
		echo "$1" > /proc/sys/net/netfilter/nf_conntrack_max
		note "nf_conntrack_max raised from $old to $1 for this run (restored on exit)"
	fi
}

# lower_global_max N: the same, downwards, for a test that must fill a
# namespace: GLOBAL_MAX is then the limit in force (the host's own when it
# is already lower). Not in $(...): the restore must be recorded here. The initial namespace's own count is left
# room: never below twice that plus 1000, so the host keeps working. The
# old value comes back on every exit path, or at once with
# restore_global_max, to keep the lowered window short.
_lowered_from=
lower_global_max() {
	local f=/proc/sys/net/netfilter/nf_conntrack_max old host floor want=$1
	exclusive_globals
	old=$(cat "$f")
	host=$(cat /proc/sys/net/netfilter/nf_conntrack_count)
	floor=$((2 * host + 1000))
	[ "$want" -lt "$floor" ] && want=$floor
	if [ "$old" -gt "$want" ]; then
		[ -n "$_lowered_from" ] || { _lowered_from=$old; _restore+=("restore_global_max"); }
		echo "$want" > "$f" || die "cannot lower nf_conntrack_max to $want"
		note "nf_conntrack_max lowered from $old to $want for this run (restored on exit)"
	fi
	GLOBAL_MAX=$(cat "$f")
}
restore_global_max() {
	[ -n "$_lowered_from" ] || return 0
	echo "$_lowered_from" > /proc/sys/net/netfilter/nf_conntrack_max
	note "nf_conntrack_max back to $_lowered_from"
	_lowered_from=
}

# overfill NS: NS full under a lowered global max (lower_global_max 3000)
# and receiving new flows until FLOOD is killed: the kernel drops packets
# there. The table holds TIME_WAIT entries (assured: early_drop cannot
# evict them) to just under the limit; the flood is new UDP sockets from
# bash, as fast as it opens them (ip netns exec execs the shell, so FLOOD
# is the loop itself).
overfill() {
	ns_sysctl "$1" nf_conntrack_tcp_timeout_time_wait 600
	lower_global_max 3000
	ip netns exec "$1" "$TOOLS/ctload" tcp-timewait --count $((GLOBAL_MAX - 100)) \
		--src 127.0.0.6 >/dev/null || die "ctload could not fill $1"
	ip netns exec "$1" bash -c 'for ((p = 0; ; p++)); do
		echo x 2>/dev/null >/dev/udp/127.0.0.8/$((4000 + p % 20000)); done' &
	FLOOD=$!
	ns_track_pid $FLOOD
}

# set_global_buckets N: the hash size is global too (initial namespace
# only); resize it for the run and put the old size back on every exit path.
set_global_buckets() {
	local f=/sys/module/nf_conntrack/parameters/hashsize old
	exclusive_globals
	old=$(cat "$f")
	[ "$old" = "$1" ] && return 0
	_restore+=("echo $old > $f")
	echo "$1" > "$f" || die "cannot resize the hash table to $1 buckets"
	note "hash table resized from $old to $(cat "$f") buckets for this run (restored on exit)"
}

# json_get JSON FILTER: a value from ctdash --json, e.g. json_get "$j" .l4.udp
json_get() { printf '%s' "$1" | jq -r "$2"; }

# ns_wait_listener NS: until a netfilter netlink socket of NS (protocol
# 12 in /proc/net/netlink) has joined a multicast group, as ctdash's event
# engine does when it starts listening; fails after 10 s (scaled by SLOW).
ns_wait_listener() {
	local deadline=$((SECONDS + 10 * SLOW))
	while [ "$SECONDS" -lt "$deadline" ]; do
		ip netns exec "$1" awk 'NR > 1 && $2 == 12 && $4 != "00000000" { f = 1 } END { exit !f }' \
			/proc/net/netlink && return 0
		sleep 0.05
	done
	die "nothing in namespace $1 listened to the conntrack events within $((10 * SLOW)) s"
}
