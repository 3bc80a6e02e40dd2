#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Zones of one direction only (conntrack -I --orig-zone / --reply-zone:
# CTA_TUPLE_ZONE inside that tuple, no CTA_ZONE): --list shows them as
# conntrack -L does, `zone N` matches them, --delete removes exactly them
# and never says "already gone" of an entry that stays (netns_ctdel: the
# read-back). Everything in a namespace of our own.
. "$TESTLIB"
need_root

NS=$(ns_create ctzn) || exit 1
J=$TEST_TMP/journal
in_ns() { ip netns exec "$NS" "$@" >/dev/null 2>&1 || die "$* failed in $NS"; }
ctdash() { "$CTDASH" --netns "$NS" --journal "$J" "$@"; }
est() { echo -p tcp -d 127.0.0.2 --dport 80 --state ESTABLISHED -t 3000 -u SEEN_REPLY,ASSURED; }
# the same original tuple twice: zone 7 of the original direction only,
# and no zone at all (its reply from another address, as the zone-7
# entry's reply direction is in zone 0); then zone 9 of the reply only,
# and zone 5 of both
in_ns conntrack -I $(est) -s 127.0.0.41 --sport 40041 --orig-zone 7
in_ns conntrack -I $(est) -s 127.0.0.41 --sport 40041 -r 127.0.0.3 -q 127.0.0.41 \
	--reply-port-src 80 --reply-port-dst 40041
in_ns conntrack -I $(est) -s 127.0.0.42 --sport 40042 --reply-zone 9
in_ns conntrack -I $(est) -s 127.0.0.43 --sport 40043 --zone 5
ct_ids() { ip netns exec "$NS" conntrack -L -o id "$@" 2>/dev/null | sed -n 's/.* id=\([0-9]*\)$/\1/p' | sort; }
ct_id_of() { ip netns exec "$NS" conntrack -L -o id 2>/dev/null | grep -- "$1" | sed -n 's/.* id=\([0-9]*\)$/\1/p'; }
our_ids() { ctdash --list --json "$@" | jq -r .id | sort; }
[ "$(ct_ids | wc -l)" = 4 ] || die "conntrack -L lists $(ct_ids | wc -l) entries, not 4"

# shown: the zone id and its direction, as conntrack -L says
orig7=$(ct_id_of zone-orig=7) reply9=$(ct_id_of zone-reply=9) both5=$(ct_id_of zone=5)
[ -n "$orig7" ] && [ -n "$reply9" ] && [ -n "$both5" ] || die "conntrack -L does not show the zones"
row() { ctdash --list --json | jq -c "select(.id == $1) | [.zone, .zone_dir]"; }
[ "$(row "$orig7")" = '[7,"orig"]' ] || die "the --orig-zone 7 entry lists as $(row "$orig7")"
[ "$(row "$reply9")" = '[9,"reply"]' ] || die "the --reply-zone 9 entry lists as $(row "$reply9")"
[ "$(row "$both5")" = '[5,null]' ] || die "the --zone 5 entry lists as $(row "$both5")"
ctdash --list "src 127.0.0.42" | awk 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "zone") c = i }
	NR == 2 { print $c }' | grep -qx '9/reply' || die "the text list does not say 9/reply"

# filtered: zone N is the zone id whatever its direction; zone 0 none
[ "$(our_ids "zone 7")" = "$orig7" ] || die "'zone 7' matches $(our_ids "zone 7"), not $orig7"
[ "$(our_ids "zone 9")" = "$reply9" ] || die "'zone 9' matches $(our_ids "zone 9"), not $reply9"
[ "$(our_ids "zone 0")" = "$(ct_ids | grep -vxF -e "$orig7" -e "$reply9" -e "$both5")" ] ||
	die "'zone 0' matches $(our_ids "zone 0" | tr '\n' ' ')"
[ "$(CTDASH_NO_PUSHDOWN=1 our_ids "zone 7")" = "$orig7" ] || die "'zone 7' unfiltered by the kernel differs"

# the read-back: a request that misses is not "already gone"
ZONES_JOURNAL=$TEST_TMP/journal.netns ip netns exec "$NS" "$NSTESTS/netns_ctdel" ||
	die "netns_ctdel failed"
# (it deleted the zone 7 entry at its end: make it again)
in_ns conntrack -I $(est) -s 127.0.0.41 --sport 40041 --orig-zone 7
orig7=$(ct_id_of zone-orig=7)

# deleted: exactly the entry of that zone, its zone-0 twin stays
delete_zone() {
	local before out
	before=$(ct_ids)
	out=$(ctdash --delete "zone $1" --yes) || die "--delete 'zone $1': $out"
	[ "$out" = "deleted 1, already gone 0, failed 0" ] || die "--delete 'zone $1': $out"
	[ "$(ct_ids)" = "$(grep -vxF "$2" <<<"$before")" ] ||
		die "--delete 'zone $1' did not remove exactly entry $2"
}
delete_zone 7 "$orig7"
delete_zone 9 "$reply9"
delete_zone 5 "$both5"
[ "$(ct_ids | wc -l)" = 1 ] || die "the zone-0 entry went too"
grep -q "deleted 1 already_gone 0 failed 0 filter='zone 7'" "$J" || die "the journal: $(cat "$J")"
echo "1 passed, 0 failed"
