#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A filter longer than 255 bytes is carried whole: --view list with a
# 276-byte filter shows, and "delete all" deletes, exactly the entries
# conntrack -L gives for it, and the journal notes it whole with its
# counts. (Cut at 255 bytes, as it once was, "not src 127.0.0.27" became
# "not src 127.0.0.2" and "not dport 23001" was dropped: 6 entries
# instead of 2.) A filter over the one limit, 1024 bytes, is refused
# alike by --view, --list, --delete and the F4 line, each saying so.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctlf) || exit 1
J=$(new_journal)
ns_sysctl "$NS" nf_conntrack_udp_timeout 600
for x in $(seq 20 29); do
	ctload "$NS" udp --src "127.0.0.$x" --dst 127.0.0.1 --ports 23000-23001
done
ids_of() { ip netns exec "$NS" conntrack -L -o id "$@" 2>/dev/null | sed -n 's/.* id=\([0-9]*\)$/\1/p' | sort; }
ids() { ids_of; }

F="proto udp and dport 23000-23099 and not src 10.0.0.1 and not src 1.0.0.1"
for x in $(seq 20 27); do F+=" and not src 127.0.0.$x"; done
F+=" and not dport 23001"
[ "${#F}" = 276 ] && [ "${F:246:10}" = "127.0.0.27" ] || die "the filter is not the one meant: ${#F} bytes"
# what it matches, by conntrack's own filtering: sources .28 and .29, to 23000
want=$( (ids_of -p udp -s 127.0.0.28 --dport 23000; ids_of -p udp -s 127.0.0.29 --dport 23000) | sort)
[ "$(wc -l <<<"$want")" = 2 ] || die "conntrack lists $(wc -l <<<"$want") entries for the filter, not 2"
listed=$(ip netns exec "$NS" "$CTDASH" --list --json "$F" | jq -r .id | sort)
[ "$listed" = "$want" ] || die "--list gives $(echo $listed), conntrack -L $(echo $want)"

tui_start 140 40
tui_run_ctdash "'$CTDASH' --netns '$NS' --journal '$J' --view list '$F'"
tui_wait_for "showing 2 of 2 matching 'proto udp and dport" 10
before=$(ids)
tui_keys k
tt_dialog 'Delete this entry\?'
tui_keys a
tt_dialog 'Delete 2 entries\?'
tui_keys y
tui_wait_for 'deleted 2, already gone 0, failed 0' 10
[ "$(ids)" = "$(comm -23 <(echo "$before") <(echo "$want"))" ] ||
	die "delete all did not delete exactly the 2 entries conntrack -L gives for the filter"
tui_wait_for "showing 0 of 0 matching" 10
note "--view list, ${#F}-byte filter: 2 shown, delete all deleted exactly those 2 of $(wc -l <<<"$before")"
grep -qF "delete filter='$F' matched=2 of=" "$J" || die "the journal lacks the whole filter and its counts:
$(grep note "$J" | head -c 3000)"
grep -qF "deleted 2 already_gone 0 failed 0 filter='$F'" "$J" || die "the journal lacks the result with the whole filter"
note "the journal notes the whole filter with matched=2"

# over the limit: the F4 line takes 1024 bytes and says so at the next
LONG="proto udp"
while [ "${#LONG}" -lt 1100 ]; do LONG+=" and not src 10.0.0.1"; done
tui_keys '\'
tui_wait_for 'Filter \(e\.g\.' 5
tui_keys C-u
tui_type "$LONG"
tui_wait_for 'at most 1024 characters here' 5
tui_keys Escape
note "F4: a filter past 1024 bytes refused at the 1025th"
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit cleanly"

for how in "--view list" "--list" "--delete"; do
	# shellcheck disable=SC2086
	out=$(ip netns exec "$NS" "$CTDASH" --journal "$J" $how "$LONG" 2>&1 </dev/null)
	status=$?
	[ "$status" = 2 ] || die "$how with a ${#LONG}-byte filter exited $status: $(head -c 300 <<<"$out")"
	grep -q "the filter is ${#LONG} bytes, more than the 1024 a filter may have" <<<"$out" ||
		die "$how does not say the limit: $(head -c 300 <<<"$out")"
done
[ "$(ids)" = "$(comm -23 <(echo "$before") <(echo "$want"))" ] || die "a refused filter changed the table"
# the limit itself is taken
EXACT=$(printf '%-1024s' "proto udp")
out=$(ip netns exec "$NS" "$CTDASH" --list "$EXACT" 2>&1) || die "a ${#EXACT}-byte filter was refused: $(head -c 300 <<<"$out")"
note "--view list, --list, --delete: ${#LONG} bytes refused with the limit (exit 2); ${#EXACT} taken"
echo "1 passed, 0 failed"
