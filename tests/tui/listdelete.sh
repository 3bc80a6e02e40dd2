#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Deleting from the list view (F9, k), in a namespace of known traffic,
# compared with conntrack -L of it: F9 on a row deletes exactly that
# entry; a key other than y, and Esc, cancel; keys typed ahead of the
# question do not answer it; k with a filter and a deletes exactly the
# matching entries; more than half the table needs "yes" typed after y;
# the journal has each delete; --read-only refuses in the status line.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctdx) || exit 1
J=$(new_journal)
known_traffic "$NS"
ns_sysctl "$NS" nf_conntrack_udp_timeout_stream 600
ctload "$NS" udp --src 127.0.0.10 --dst 127.0.0.1 --ports 22000-22039
ids() { ip netns exec "$NS" conntrack -L -o id 2>/dev/null | sed -n 's/.* id=\([0-9]*\)$/\1/p' | sort; }
# ids_of ARGS...: conntrack's own filtering of the same entries
ids_of() { ip netns exec "$NS" conntrack -L -o id "$@" 2>/dev/null | sed -n 's/.* id=\([0-9]*\)$/\1/p' | sort; }
minus() { comm -23 <(echo "$1") <(echo "$2"); }
unchanged() { [ "$(ids)" = "$1" ] || die "$2: the table changed"; }
# set_filter TEXT: typed in the list view's filter line (F4 or \)
set_filter() {
	tui_keys '\'
	tui_wait_for 'Filter \(e\.g\.' 5
	tui_keys C-u
	tui_type "$1"
	tui_keys Enter
}

tui_start 140 40
tui_run_ctdash "'$CTDASH' --netns '$NS' --journal '$J'"
tui_wait_for 'TIME_WAIT +6 ' 10
total=$(ns_count "$NS")

# the list, filtered to the 20 UDP flows from 127.0.0.9
tui_keys L
tui_wait_for "showing $total of $total matching" 10
set_filter 'proto udp and src 127.0.0.9'
tui_wait_for "showing 20 of 20 matching 'proto udp and src 127.0.0.9'" 10
tui_keys Down Down

# a filter typed while the rows shown are still the old filter's (paused
# here): no delete is offered from them
before=$(ids)
tui_keys Space
tui_wait_for 'paused' 5
set_filter 'proto icmp'
tui_wait_for "matching 'proto udp and src 127.0.0.9' .*; reading for 'proto icmp'" 5
tui_keys F9
tui_wait_for 'the list is being read for its new filter: nothing to delete until it shows' 5
unchanged "$before" "F9 on the rows of the filter before"
tui_keys Escape Space
tui_wait_for "showing 2 of 2 matching 'proto icmp'" 10
set_filter 'proto udp and src 127.0.0.9'
tui_wait_for "showing 20 of 20 matching 'proto udp and src 127.0.0.9'" 10
tui_keys Down Down
note "F9 before the new filter's rows show: refused, nothing deleted"

# a key other than y cancels, and Esc does
for k in x Escape n; do
	tui_keys F9
	tt_dialog 'Delete this entry\?'
	tui_keys "$k"
	tui_wait_for 'cancelled: nothing deleted' 5
	tui_wait_gone '┌ Delete' 5
	unchanged "$before" "cancelled with $k"
done
note "x, Escape and n cancel: nothing deleted"

# keys typed before the question appeared are no answer to it
tui_keys F9 y
tt_dialog 'Delete this entry\?'
sleep 0.3
tui_wait_for '┌ Delete this entry\?' 2
unchanged "$before" "F9 y typed ahead"
tui_keys Escape
tui_wait_for 'cancelled: nothing deleted' 5
note "F9 and y typed at once: the y is discarded, the question stays"

# F9 on the row: the question, then exactly that entry goes (its id
# read off the question, which holds the row as it was when asked)
tui_keys F9
tt_dialog 'Delete this entry\?'
screen=$(tui_stable_screen)
id=$(sed -n 's/.*udp 127\.0\.0\.9 port [0-9]* -> 127\.0\.0\.1 port [0-9]* id \([0-9]*\).*/\1/p' <<<"$screen" | head -n 1)
[ -n "$id" ] || die "no entry with its id in the question:
$screen"
for want in "in namespace '$NS'" "The selected entry:" "udp 127\.0\.0\.9 port [0-9]+ -> 127\.0\.0\.1 port 200[01][0-9] id $id" \
	"A delete cannot be undone\." "y: delete +a: all 20 matching +other keys: cancel"; do
	grep -Eq -- "$want" <<<"$screen" || { echo "$screen" >&2; die "the question lacks /$want/"; }
done
tui_keys y
tui_wait_for 'deleted 1, already gone 0, failed 0' 5
[ "$(ids)" = "$(minus "$before" "$id")" ] || die "F9 y did not delete exactly entry $id"
tui_wait_for "showing 19 of 19 matching 'proto udp and src 127.0.0.9'" 10
note "F9 y: entry $id deleted, nothing else; the list refreshed to 19"

# k, a: every entry the filter matches, and nothing else
before=$(ids)
match=$(ids_of -p udp -s 127.0.0.9)
[ "$(wc -l <<<"$match")" = 19 ] || die "conntrack lists $(wc -l <<<"$match") UDP flows from 127.0.0.9, expected 19"
tui_keys k
tt_dialog 'Delete this entry\?'
tui_keys a
tt_dialog 'Delete 19 entries\?'
screen=$(tui_stable_screen)
for want in "All 19 entries matching 'proto udp and src 127\.0\.0\.9' \(of [0-9]+ in the table\)" \
	"… and 14 more" "A delete cannot be undone\." "y: delete +e: this entry only"; do
	grep -Eq -- "$want" <<<"$screen" || { echo "$screen" >&2; die "the question lacks /$want/"; }
done
[ "$(grep -Ec '│ +udp 127\.0\.0\.9 port' <<<"$screen")" = 5 ] || { echo "$screen" >&2; die "the sample is not 5 rows"; }
tui_keys y
tui_wait_for 'deleted 19, already gone 0, failed 0' 10
[ "$(ids)" = "$(minus "$before" "$match")" ] || die "k a y did not delete exactly the 19 matching entries"
tui_wait_for "showing 0 of 0 matching" 10
note "k a y: the 19 matching entries deleted, the other $(ids | wc -l) kept"

# more than half the table: y asks again, and only "yes" typed deletes
set_filter 'src 127.0.0.10'
tui_wait_for "showing 40 of 40 matching 'src 127.0.0.10'" 10
before=$(ids)
match=$(ids_of -s 127.0.0.10)
big() { # ANSWER
	tui_keys k
	tt_dialog 'Delete this entry\?'
	tui_keys a
	tt_dialog 'Delete 40 entries\?'
	tui_wait_for 'So many needs a second confirmation after y' 5
	tui_keys y
	tt_dialog 'Really delete 40 entries\?'
	tui_wait_for 'That is more than half of the table: 40 of [0-9]+ entries' 5
	unchanged "$before" "one y on a big delete"
	tui_type "$1"
	tui_keys Enter
}
big no
tui_wait_for 'cancelled: nothing deleted' 5
unchanged "$before" "the second question answered no"
big y
tui_wait_for 'cancelled: nothing deleted' 5
unchanged "$before" "the second question answered y"
big yes
tui_wait_for 'deleted 40, already gone 0, failed 0' 10
[ "$(ids)" = "$(minus "$before" "$match")" ] || die "the confirmed big delete did not delete exactly the 40"
note "40 of $(wc -l <<<"$before"): y then 'no' or 'y' deletes nothing; 'yes' deletes exactly them"

# the journal: each delete, before and after, with namespace and filter
grep -Eq "^# [0-9T:-]+Z note [0-9]+ $NS delete entry='udp 127\.0\.0\.9 port [0-9]+ -> 127\.0\.0\.1 port [0-9]+ id $id' matched=1 of=[0-9]+$" "$J" ||
	die "no journal record of the one entry: $(cat "$J")"
grep -Eq "^# [0-9T:-]+Z note [0-9]+ $NS deleted 1 already_gone 0 failed 0 entry='.* id $id'$" "$J" ||
	die "no journal record of its result: $(cat "$J")"
grep -Eq "^# [0-9T:-]+Z note [0-9]+ $NS delete filter='proto udp and src 127\.0\.0\.9' matched=19 of=[0-9]+$" "$J" ||
	die "no journal record of the filter's delete: $(cat "$J")"
grep -Eq "^# [0-9T:-]+Z note [0-9]+ $NS deleted 40 already_gone 0 failed 0 filter='src 127\.0\.0\.10'$" "$J" ||
	die "no journal record of the big delete's result: $(cat "$J")"
[ "$(grep -c ' note ' "$J")" = 6 ] || die "the journal has $(grep -c ' note ' "$J") notes, expected 6 (3 deletes)"
tt_quit

# --read-only: refused in the status line, nothing deleted
before=$(ids)
tt_restart "$NS" "$J" --read-only
tui_keys L
tui_wait_for 'showing [0-9]+ of [0-9]+ matching' 10
for k in F9 k; do
	tui_keys "$k"
	tui_wait_for '^read-only mode \(--read-only\): ctdash changes nothing' 5
	tui_keys Escape
	tui_wait_gone '^read-only mode' 5
done
unchanged "$before" "--read-only"
tt_quit
note "--read-only: F9 and k refused in the status line, nothing deleted"
echo "1 passed, 0 failed"
