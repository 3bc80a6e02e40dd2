#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --json when parts cannot be read says null, never 0 (the README's
# promise), and the reason: the conntrack sysctls made unreadable (files
# of mode 000 bound over /proc/sys/net/netfilter in a private mount
# namespace, read as nobody) give null count, max, buckets, fill, load,
# memory, hashsize and timeouts, and "permission denied"; /proc/slabinfo
# unreadable says root only, and one without an nf_conntrack line (an
# empty file bound over it, as root) says so, with the sizes still read.
. "$TESTLIB"
need_root
for cmd in unshare setpriv; do
	command -v $cmd >/dev/null || { echo "$cmd (util-linux) is missing" >&2; exit $HARD; }
done

NS=$(ns_create ctju) || exit 1
M=$TEST_TMP/masked
mkdir "$M"
chmod 755 "$TEST_TMP"
cat >"$TEST_TMP/masked.sh" <<'SH'
set -e
for f in /proc/sys/net/netfilter/*; do
	n=${f##*/}
	cat "$f" >"$M/$n" 2>/dev/null || :
	chmod 000 "$M/$n"
done
mount --bind "$M" /proc/sys/net/netfilter
exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
SH
json=$(M=$M ip netns exec "$NS" unshare -m bash "$TEST_TMP/masked.sh" "$CTDASH" --json 2>"$TEST_TMP/err")
# (exit 1: a part could not be read, said in "problems")
[ -n "$json" ] ||
	die "--json failed: $(head -c 500 "$TEST_TMP/err")"
for key in count max buckets fill load_factor nonempty_bucket_fraction mean_chain_length memory_bytes hashsize timeouts; do
	[ "$(json_get "$json" ".$key")" = null ] || die "$key is $(json_get "$json" ".$key" | head -c 200), not null"
done
json_get "$json" .problems.sysctl | grep -q 'could not be read (permission denied)' ||
	die "the sysctls' problem: $(json_get "$json" .problems.sysctl)"
json_get "$json" .problems.slab | grep -q "readable by the host's root only" ||
	die "the slab's problem: $(json_get "$json" .problems.slab)"
[ "$(json_get "$json" .default_max)" -gt 0 ] || die "default_max (from RAM) is not given"
note "sysctls unreadable: null sizes and timeouts; $(json_get "$json" .problems.sysctl)"

: >"$TEST_TMP/slabinfo"
json=$(ip netns exec "$NS" unshare -m sh -c 'mount --bind "$1" /proc/slabinfo && exec "$2" --json' sh \
	"$TEST_TMP/slabinfo" "$CTDASH" 2>"$TEST_TMP/err") || die "--json failed: $(head -c 500 "$TEST_TMP/err")"
json_get "$json" .problems.slab | grep -q 'has no nf_conntrack line' ||
	die "the slab's problem: $(json_get "$json" .problems.slab)"
[ "$(json_get "$json" .count)" = "$(ip netns exec "$NS" conntrack -C)" ] || die "count $(json_get "$json" .count)"
[ "$(json_get "$json" .max)" = "$(cat /proc/sys/net/netfilter/nf_conntrack_max)" ] || die "max $(json_get "$json" .max)"
[ "$(json_get "$json" .entry_size_measured)" = false ] || die "the entry size is said measured"
note "slabinfo without nf_conntrack: $(json_get "$json" .problems.slab); the sizes read"
echo "1 passed, 0 failed"
