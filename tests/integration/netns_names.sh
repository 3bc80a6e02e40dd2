#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Namespace names ctdash must hold whole or refuse (issue 12, item 6): a
# name of 200 bytes is reported whole (it was cut at 127, which turned
# GONE detection off); a name with a newline and one that reads "pid:N"
# are refused with the reason; a name with a byte that is not UTF-8
# still gives valid JSON.
. "$TESTLIB"
need_root
passed=0

# named_ns NAME: a namespace of that exact name, deleted on exit.
named_ns() {
	ip netns add "$1" || die "cannot create namespace $(printf %q "$1")"
	_ns_list+=("$1")
}

long=ctdn-$$-$(printf 'x%.0s' $(seq 190))
named_ns "$long"
out=$("$CTDASH" --json --netns "$long") || die "--json on a 200-byte name exited $?"
[ "$(jq -r .netns <<<"$out")" = "$long" ] || die "the name came back as $(jq -r .netns <<<"$out" | head -c 300)"
[ "$(jq -r .netns_gone <<<"$out")" != true ] || die "a live namespace is reported gone"
note "a 200-byte name is held whole"
passed=$((passed + 1))

nl=$'ctdn-nl-'$$$'\nnet.ipv4.ip_forward = 1'
if ip netns add "$nl" 2>/dev/null; then
	_ns_list+=("$nl")
	out=$("$CTDASH" --json --netns "$nl" 2>&1) && die "a name with a newline was accepted: $out"
	grep -q "control character" <<<"$out" || die "no reason given: $out"
	note "a name with a newline: refused"
else
	note "ip refused the name with a newline itself"
fi
passed=$((passed + 1))

pidname=pid:$$
named_ns "$pidname"
out=$("$CTDASH" --json --netns "$pidname" 2>&1) && die "--netns $pidname was accepted: $out"
grep -q -- "--netns-pid" <<<"$out" || die "no reason given: $out"
note "a name that reads as a pid: refused"
passed=$((passed + 1))

bad=$'ctdn-'$$$'-\xff'
named_ns "$bad"
out=$("$CTDASH" --json --netns "$bad") || die "--json on a non-UTF-8 name exited $?"
jq -e . >/dev/null <<<"$out" || die "invalid JSON: $(head -c 300 <<<"$out")"
[ "$(jq -r .netns <<<"$out")" = "ctdn-$$-"$'\xef\xbf\xbd' ] || die "the name came back as $(jq -r .netns <<<"$out")"
note "a byte that is not UTF-8: valid JSON, U+FFFD in its place"
passed=$((passed + 1))

# the same in the Prometheus page, whose format is UTF-8: a scraper
# refuses the whole page for one bad label value (--all-netns labels
# every series with its namespace)
out=$("$CTDASH" --prometheus --all-netns) || die "--prometheus --all-netns exited $?"
printf '%s\n' "$out" | promtool check metrics >"$TEST_TMP/lint" 2>&1 ||
	die "promtool refused the page: $(head -c 400 "$TEST_TMP/lint")"
grep -q "netns=\"ctdn-$$-"$'\xef\xbf\xbd'"\"" <<<"$out" ||
	die "no U+FFFD label: $(grep -m1 netns= <<<"$out" | head -c 200)"
note "the same name in --prometheus --all-netns: promtool accepts it, U+FFFD in its place"
passed=$((passed + 1))

echo "$passed passed, 0 failed"
