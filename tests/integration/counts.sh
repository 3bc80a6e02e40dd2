#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Counts as people read them (issue 22, "plural forms right", "the
# thousands separator everywhere"), on real output: a namespace holding
# exactly 1 entry, then 2, then 1,202. --once says "1 entry", never
# "1 entries", every line within 80 columns; --delete that matches
# nothing names the table's size the same way; --interval's event line
# says "1 resync"; big counts carry the separator.
. "$TESTLIB"
need_root

NS=$(ns_create ctcn) || exit 1
# nothing expires during the test
ns_sysctl "$NS" nf_conntrack_udp_timeout 600
ip netns exec "$NS" "$TOOLS/ctload" udp --src 127.0.0.9 --dst 127.0.0.1 --ports 20000-20000 >/dev/null ||
	die "ctload udp failed"
[ "$(ip netns exec "$NS" conntrack -C)" = 1 ] || die "the namespace holds $(ip netns exec "$NS" conntrack -C) entries, not 1"

# no_bad_plural TEXT WHAT: no count of exactly one with a plural noun
no_bad_plural() {
	local bad
	bad=$(grep -nE '(^|[^0-9,.])1 (entries|namespaces|pictures|items|sources|rows|records|changes|settings|drops|packets|tuples|services|addresses|resyncs|keys|refreshes|CPUs|lines|seconds)\b' <<<"$1")
	[ -z "$bad" ] || die "$2: a count of one with a plural noun: $bad"
}
# within_80 TEXT WHAT
within_80() {
	local long
	long=$(awk 'length($0) > 80 { print NR ": " length($0) " columns" }' <<<"$1")
	[ -z "$long" ] || die "$2: lines over 80 columns: $long"
}

out=$("$CTDASH" --netns "$NS" --once) || die "--once failed"
note "$(grep -E '^(Table|Dump|Drops)' <<<"$out")"
grep -q '^Dump     1 entry in [0-9]* ms, complete$' <<<"$out" || die "--once does not say '1 entry': $out"
grep -Eq '^Table    1 of [0-9,]+ entries' <<<"$out" || die "--once's Table line: $out"
cpus=$(nproc)
if [ "$cpus" = 1 ]; then want='1 CPU'; else want="$cpus CPUs"; fi
grep -q "(since boot, $want)" <<<"$out" || die "--once does not say '$want': $(grep Drops <<<"$out")"
no_bad_plural "$out" "--once"
within_80 "$out" "--once"

out=$("$CTDASH" --netns "$NS" --delete 'dport 9') || die "--delete of nothing failed"
[ "$out" = "nothing matches 'dport 9' (1 entry)" ] || die "--delete of nothing says: $out"

# --interval: one resync at the start (its first dump)
out=$("$CTDASH" --netns "$NS" --once --interval 1) || die "--once --interval failed"
src=$(grep '^Source' <<<"$out")
note "$src"
grep -Eq '^Source   events \(0 lost, 1 resync, last dump ' <<<"$src" || die "the Source line: $src"
no_bad_plural "$out" "--once --interval"
within_80 "$out" "--once --interval"

# 2 entries
ip netns exec "$NS" "$TOOLS/ctload" udp --src 127.0.0.9 --dst 127.0.0.1 --ports 20001-20001 >/dev/null ||
	die "ctload udp failed"
out=$("$CTDASH" --netns "$NS" --once) || die "--once failed"
grep -q '^Dump     2 entries in' <<<"$out" || die "--once does not say '2 entries': $(grep Dump <<<"$out")"
out=$("$CTDASH" --netns "$NS" --delete 'dport 9') || die "--delete of nothing failed"
[ "$out" = "nothing matches 'dport 9' (2 entries)" ] || die "--delete of nothing says: $out"

# 1,202: the thousands separator
ip netns exec "$NS" "$TOOLS/ctload" udp --src 127.0.0.8 --dst 127.0.0.1 --ports 21000-22199 >/dev/null ||
	die "ctload udp failed"
[ "$(ip netns exec "$NS" conntrack -C)" = 1202 ] || die "the namespace holds $(ip netns exec "$NS" conntrack -C) entries, not 1,202"
out=$("$CTDASH" --netns "$NS" --once) || die "--once failed"
grep -q '^Dump     1,202 entries in' <<<"$out" || die "--once does not say '1,202 entries': $(grep Dump <<<"$out")"
grep -Eq '^Table    1,202 of [0-9,]+ entries' <<<"$out" || die "--once's Table line: $(grep Table <<<"$out")"
within_80 "$out" "--once, 1,202 entries"
out=$("$CTDASH" --netns "$NS" --delete 'dport 9') || die "--delete of nothing failed"
[ "$out" = "nothing matches 'dport 9' (1,202 entries)" ] || die "--delete of nothing says: $out"

echo "1 passed, 0 failed"
