#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Editing a timeout at the keys, 80x24, in a namespace of our own: t and /
# find time_wait; Enter, 10, Enter opens the confirmation (old -> new,
# entries in TIME_WAIT, the countdown reminder, the sysctl -w command);
# y writes 10, read back from the namespace's /proc and shown in the
# status line; the row is marked; u undoes; 2m sets 120; abc, -5,
# 99999999999 and 12x change nothing and say why; Escape and n cancel at
# once; + and - step the ladder; J lists the journal, which holds every
# change; the help lists the tuning keys. Times y to the status line.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctde) || exit 1
J=$(new_journal)
host_tw=$(cat /proc/sys/net/netfilter/$TW)
ctload "$NS" tcp-timewait --count 5 --src 127.0.0.8
tt_start "$NS" "$J"

# the view: every timeout sysctl of the namespace, with its default
tui_keys t
tui_wait_for '▸ Timeouts: [0-9]+, 0 differ from the kernel default' 5
n=$(ip netns exec "$NS" ls /proc/sys/net/netfilter | grep -c timeout)
tui_wait_for "▸ Timeouts: $n," 5
tt_timeout time_wait
tui_wait_for '^   tcp_timeout_time_wait +120 +2m +120 +5 +TIME_WAIT' 5
note "the timeouts view lists the namespace's $n timeouts; / found time_wait"

# 10, confirmed
tt_type_value 10
tt_dialog 'Change tcp_timeout_time_wait\?'
screen=$(tui_stable_screen)
for want in "in namespace" "120 \(2m\) +-> +10 \(10s\)" "Entries in TIME_WAIT now: 5" \
	"keep their current timer until their next" "ip netns exec $NS sysctl -w" \
	"net.netfilter.$TW=10" "y: yes +n or Esc: no"; do
	grep -Eq -- "$want" <<<"$screen" || { echo "$screen" >&2; die "the dialog lacks /$want/"; }
done
[ "$(nsval "$NS" $TW)" = 120 ] || die "written before y"
ms=$(tt_yes_timed "$TW: 120 -> 10, read back 10")
y_ms=$ms
[ "$(nsval "$NS" $TW)" = 10 ] || die "time_wait is $(nsval "$NS" $TW) after y, expected 10"
[ "$(cat /proc/sys/net/netfilter/$TW)" = "$host_tw" ] || die "the host's time_wait changed"
tui_wait_for '^ \* tcp_timeout_time_wait +10 +10s +120 ' 5
tui_wait_for '1 differs from the kernel default' 5
[ "$(records "$J" apply)" = 1 ] || die "the journal has $(records "$J" apply) apply records, expected 1"
note "10 written, read back, marked *; y to status line ${ms} ms (tmux polling included)"

# u undoes, with the same confirmation
tui_keys u
tt_dialog 'Undo the last change\? \(1 change\)'
tui_wait_for 'tcp_timeout_time_wait +10 \(10s\) -> 120 \(2m\)' 5
ms=$(tt_yes_timed "undone, $TW: 10 -> 120, read back 120")
[ "$(nsval "$NS" $TW)" = 120 ] || die "u left time_wait at $(nsval "$NS" $TW)"
tui_wait_for '^   tcp_timeout_time_wait +120 +2m +120 ' 5
note "u: back to 120 (${ms} ms)"

# invalid values: the reason on screen, nothing written or journalled
lines=$(wc -l <"$J")
tui_keys Enter
tui_wait_for 'tcp_timeout_time_wait, now 2m \(120 s\): ?$' 5
check_bad() {
	tui_keys C-u
	tt_type "$1"
	tui_keys Enter
	tui_wait_for "$2" 5
	tui_wait_for "now 2m \\(120 s\\): $(sed 's/[.[\*^$]/\\&/g' <<<"$1")" 5
	[ "$(nsval "$NS" $TW)" = 120 ] || die "'$1' changed time_wait to $(nsval "$NS" $TW)"
}
check_bad abc 'not a number'
check_bad -5 'negative: a timeout cannot be below 0'
check_bad 99999999999 'too large: a timeout can be at most 2147483647'
check_bad 12x 'trailing characters: the unit must be s, m, h or d'
check_bad 0 'at least 1 second'
[ "$(wc -l <"$J")" = "$lines" ] || die "refused input reached the journal"
# Escape acts at once
t0=$(date +%s%N)
tui_keys Escape
tui_wait_for 'cancelled: nothing was written' 2
note "abc, -5, 99999999999, 12x, 0: refused with the reason; Escape closed the line in $(ms_since "$t0") ms"

# 2m is 120: from 10
tt_type_value 10
tt_dialog 'Change tcp_timeout_time_wait\?'
tt_yes_timed "read back 10" >/dev/null
tt_type_value 2m
tt_dialog 'Change tcp_timeout_time_wait\?'
tui_wait_for '10 \(10s\) +-> +120 \(2m\)' 5
tt_yes_timed "$TW: 10 -> 120, read back 120" >/dev/null
[ "$(nsval "$NS" $TW)" = 120 ] || die "2m gave $(nsval "$NS" $TW)"
note "2m sets 120"

# n and Escape in the dialog write nothing
tt_type_value 30s
tt_dialog 'Change tcp_timeout_time_wait\?'
tui_keys n
tui_wait_for 'cancelled: nothing was written' 5
tt_type_value 30s
tt_dialog 'Change tcp_timeout_time_wait\?'
t0=$(date +%s%N)
tui_keys Escape
tui_wait_gone '┌ Change' 2
esc_ms=$(ms_since "$t0")
[ "$(nsval "$NS" $TW)" = 120 ] || die "n or Escape wrote $(nsval "$NS" $TW)"
note "n and Escape cancel the dialog (Escape: ${esc_ms} ms)"

# + and - step the ladder: 120 -> 300 -> 120 -> 60
tui_keys +
tt_dialog 'Change tcp_timeout_time_wait\?'
tui_wait_for '120 \(2m\) +-> +300 \(5m\)' 5
tt_yes_timed "120 -> 300, read back 300" >/dev/null
tui_keys -
tui_wait_for '300 \(5m\) +-> +120 \(2m\)' 5
tt_yes_timed "300 -> 120, read back 120" >/dev/null
tui_keys -
tui_wait_for '120 \(2m\) +-> +60 \(1m\)' 5
tt_yes_timed "120 -> 60, read back 60" >/dev/null
[ "$(nsval "$NS" $TW)" = 60 ] || die "the steps left $(nsval "$NS" $TW)"
note "+ and - step 120 -> 300 -> 120 -> 60"

# the journal: in the file and in the J view, newest first
[ "$(records "$J" apply)" = 6 ] || die "expected 6 apply records: $(cat "$J")"
[ "$(records "$J" undo)" = 1 ] || die "expected 1 undo record: $(cat "$J")"
awk -v ns="$NS" '$1 !~ /^#/ && ($6 != ns || $7 != "'$TW'") { bad = 1 } END { exit bad }' "$J" ||
	die "a record names another namespace or setting: $(cat "$J")"
tui_keys J
tui_wait_for "▸ Journal $J: 7 records, newest first" 5
tui_wait_for '^ [0-9-]+ [0-9:]+  apply  tcp_timeout_time_wait +120 -> 60 ' 5
tui_wait_for '^ [0-9-]+ [0-9:]+  undo   tcp_timeout_time_wait +10 -> 120 ' 5
screen=$(tui_stable_screen)
first=$(grep -nE '^ [0-9-]+ [0-9:]+  apply +tcp_timeout_time_wait +120 -> 60 ' <<<"$screen" | cut -d: -f1)
older=$(grep -nE '^ [0-9-]+ [0-9:]+  apply +tcp_timeout_time_wait +120 -> 10 ' <<<"$screen" | head -1 | cut -d: -f1)
[ "$first" -lt "$older" ] || { echo "$screen" >&2; die "the journal view is not newest first"; }
tui_keys J
tui_wait_for '▸ Timeouts' 5
note "the journal holds 6 changes and 1 undo, and J lists them newest first"

# the help lists the tuning keys (and not the demo's)
tui_keys F1
tui_wait_for 'Help: Esc' 5
screen=$(tui_help_all)
for k in 't' 'Enter' 'e' '\+ =' '-' 'm' 'b' 'p' 'u' 'U' 'w' 'J' 'a'; do
	grep -Eq "^ +$k +[a-z]" <<<"$screen" || { echo "$screen" >&2; die "the help does not list '$k'"; }
done
grep -Eq '^ +> +more new flows' <<<"$screen" && die "the help lists the demo's keys without --demo"
tui_keys End
tui_wait_for 'Last write +y to status line [0-9.]+ ms \(writing [0-9.]+\);' 5
tui_wait_for '^ +slowest [0-9.]+ ms of 7( |$)' 5
inside=$(tui_stable_screen | grep -A1 'Last write' | sed 's/^ *//' | tr '\n' ' ')
tui_keys Escape
tt_quit
tui_terminal_usable
note "the help lists every tuning key; ctdash measured its writes: $inside"
note "y to status line: ${y_ms} ms seen through tmux"
tt_took
