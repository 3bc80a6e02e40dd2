#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The top destinations and top destination ports panes (issue 8), and
# Enter on every kind of aggregate row: on a known table, the panes show
# exactly what conntrack -L of the namespace gives (count and share of the
# table); Enter on a protocol, a TCP state, a source, a destination, a
# port and a row of the churn view lists exactly the entries conntrack's
# own filter lists; F4 shows that filter in the input line to edit; Esc
# comes back to the same pane and row. At 160x45 every pane has a place;
# at 80x24 sources, destinations and ports take turns in one.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root

NS=$(ns_create ctdt-dst) || exit 1
known_traffic "$NS"
# a destination and a port of their own, 5 flows to each
ctload "$NS" udp --src 127.0.0.12 --dst 127.0.0.5 --ports 25000-25000 --sockets 5

ct() { ip netns exec "$NS" conntrack "$@" 2>/dev/null; }
total=$(ct -C)
# the original direction's destination, and proto/dport, of every entry
ct -L | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^dst=/) { print substr($i, 5); break } }' |
	sort | uniq -c | awk '{ print $2, $1 }' >"$TUI_WORK/want-dst"
ct -L | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^dport=/) { print $1 "/" substr($i, 7); break } }' |
	sort | uniq -c | awk '{ print $2, $1 }' >"$TUI_WORK/want-dport"
[ "$(wc -l <"$TUI_WORK/want-dst")" = 3 ] || die "3 destinations expected: $(cat "$TUI_WORK/want-dst")"

# ASCII glyphs (LANG=C), so a pane's columns are the screen's bytes
tui_start 160 45 C
tui_run_ctdash "'$CTDASH' --netns '$NS'"
tui_wait_for "^Table .* $total/" 10
tui_wait_for 'Top destination ports \(' 10
screen=$(tui_stable_screen)

# pane_slice TITLE NEXT-TITLE: the columns of the pane whose title is
# TITLE, up to the pane right of it (NEXT-TITLE, or the screen's edge)
pane_slice() {
	local from to
	from=$(printf '%s\n' "$screen" | awk -v t="$1" 'index($0, t) { print index($0, t) - 2; exit }')
	to=
	[ -z "$2" ] || to=$(printf '%s\n' "$screen" | awk -v t="$2" 'index($0, t) { print index($0, t) - 3; exit }')
	[ -n "$from" ] || { echo "$screen" >&2; die "no pane titled '$1'"; }
	printf '%s\n' "$screen" | cut -c "$from-${to:-500}"
}

# check_pane TITLE NEXT-TITLE WANT-FILE DISTINCT: every row shown is
# conntrack's count and share, busiest first; every key holding more than
# one entry is shown; the title gives the distinct keys
check_pane() {
	local slice rows
	slice=$(pane_slice "$1" "$2")
	printf '%s\n' "$slice" | grep -q "$1 ($4 distinct)" ||
		{ echo "$slice" >&2; die "'$1': not $4 distinct"; }
	rows=$(printf '%s\n' "$slice" | grep -E '^ +[0-9a-z:./]+ +[0-9,]+ +[0-9.]+%')
	[ -n "$rows" ] || { echo "$slice" >&2; die "'$1': no rows"; }
	printf '%s\n' "$rows" | awk -v total="$total" -v want="$3" -v pane="$1" '
		BEGIN { while ((getline l < want) > 0) { split(l, f, " "); n[f[1]] = f[2] } }
		{
			count = $2; gsub(",", "", count)
			if (!($1 in n)) { print pane ": " $1 " is not in conntrack -L"; bad = 1 }
			else if (count != n[$1]) { print pane ": " $1 " shows " count ", conntrack -L " n[$1]; bad = 1 }
			share = sprintf("%.1f%%", 100 * n[$1] / total)
			if ($3 != share) { print pane ": " $1 " share " $3 ", expected " share; bad = 1 }
			if (NR > 1 && count + 0 > last + 0) { print pane ": not busiest first at " $1; bad = 1 }
			last = count; seen[$1] = 1
		}
		END {
			for (k in n) if (n[k] > 1 && !(k in seen)) { print pane ": " k " (" n[k] ") not shown"; bad = 1 }
			exit bad
		}' >&2 || { echo "$slice" >&2; die "'$1' differs from conntrack -L"; }
	note "$1: $(printf '%s\n' "$rows" | wc -l) rows as conntrack -L counts them"
}
check_pane 'Top destinations' 'Top destination ports' "$TUI_WORK/want-dst" 3
check_pane 'Top destination ports' '' "$TUI_WORK/want-dport" "$(wc -l <"$TUI_WORK/want-dport")"
grep -qx 'udp/25000 5' "$TUI_WORK/want-dport" || die "ctload did not make 5 flows to udp/25000"

# drill TABS PANE-TITLE ROW FILTER WANT: from the focused pane, TABS
# panes on; select ROW by a search; Enter lists exactly WANT entries
# under FILTER; Esc comes back to that pane and row (its position, "2/3",
# is left in $pos)
drill() {
	local tabs=$1 title=$2 row=$3 filter=$4 want=$5 i
	for ((i = 0; i < tabs; i++)); do
		tui_keys Tab
	done
	tui_wait_for "> $title" 5
	tui_keys /
	tui_type "$row"
	tui_keys Enter
	tui_wait_for "'$row' found in" 5
	pos=$(tui_stable_screen | grep -o "> $title[^/]* [0-9]*/[0-9]*" | grep -o '[0-9]*/[0-9]*$')
	[ -n "$pos" ] || die "no position shown for '$row' in $title"
	tui_keys Enter
	tui_wait_for "showing $want of $want matching '$filter'" 10
	tui_wait_gone "found in" 5
	tui_keys Escape
	tui_wait_for "> $title[^/]* $pos" 5
	tui_wait_gone "showing [0-9]+ of" 5
	note "'$row' in $title: '$filter' lists $want entries, as conntrack does; Esc: back on row $pos"
}
drill 0 'Protocols' udp 'proto udp' "$(ct -L -p udp | wc -l)"
drill 1 'TCP states' TIME_WAIT 'proto tcp and state TIME_WAIT' "$(ct -L -p tcp --state TIME_WAIT | wc -l)"
drill 1 'Top sources' 127.0.0.8 'src 127.0.0.8' "$(ct -L -s 127.0.0.8 | wc -l)"
drill 1 'Top destinations' 127.0.0.5 'dst 127.0.0.5' "$(ct -L -d 127.0.0.5 | wc -l)"
drill 0 'Top destinations' ::1 'dst ::1' "$(ct -L -f ipv6 -d ::1 | wc -l)"
ports=$(ct -L -p udp --dport 25000 | wc -l)
drill 1 'Top destination ports' udp/25000 'proto udp and dport 25000' "$ports"
[ "$ports" = 5 ] || die "conntrack lists $ports entries to udp/25000, 5 expected"

# the filter a drill opened with is in the input line (F4), to edit
tui_keys Enter
tui_wait_for "showing 5 of 5 matching 'proto udp and dport 25000'" 10
tui_keys F4
tui_wait_for 'Filter \(e\.g\..*\): proto udp and dport 25000' 5
tui_type ' and src 127.0.0.9'
tui_keys Enter
tui_wait_for "showing 0 of 0 matching 'proto udp and dport 25000 and src 127.0.0.9'" 10
tui_keys F4
tui_keys C-u
tui_type 'dport 25000 or dst ::1'
tui_keys Enter
want=$(($(ct -L -p udp --dport 25000 | wc -l) + $(ct -L -f ipv6 -d ::1 | wc -l)))
tui_wait_for "showing $want of $want matching 'dport 25000 or dst ::1'" 10
tui_keys Escape
tui_wait_for "> Top destination ports[^/]* $pos" 5
note "F4 shows the drilled filter in the input line; edited, it lists what it says"

# 80x24: sources, destinations and ports take turns in one place, the one
# focused (or last focused) showing; the Tab order is the same
tui_resize 80 24
tui_wait_for '> Top destination ports' 5
tui_wait_gone 'Top sources' 5
tui_wait_gone 'Top destinations' 5
tui_keys Tab;  tui_wait_for '> Per-CPU' 5
tui_wait_for '  Top destination ports' 5   # the last focused stays
tui_keys Tab;  tui_wait_for '> Protocols' 5
tui_keys BTab BTab; tui_wait_for '> Top destination ports' 5
tui_keys BTab; tui_wait_for '> Top destinations \(3 distinct\)' 5
tui_wait_gone 'Top destination ports' 5
tui_wait_for ' 127\.0\.0\.5 +5 +[0-9.]+%' 5
tui_keys BTab; tui_wait_for '> Top sources' 5
tui_wait_gone 'Top destinations' 5
tui_keys Tab;  tui_wait_for '> Top destinations' 5
drill 0 'Top destinations' 127.0.0.5 'dst 127.0.0.5' "$(ct -L -d 127.0.0.5 | wc -l)"
[ "$(tui_stable_screen | wc -L)" -le 80 ] || die "80x24: a line is wider than the terminal"
note "80x24: the three take turns in one place"

# the churn view's rows: new entries to a destination of their own. The
# row is selected while the churn runs (the view ranks the last 10 s), and
# listed once it has stopped, so the count holds still to compare.
tui_resize 160 45
tui_keys c
tui_wait_for '> Who makes new entries' 5
ip netns exec "$NS" "$TOOLS/ctload" churn --rate 20 --seconds 8 --src 127.0.0.13 --dst 127.0.0.6 \
	>/dev/null &
churner=$!
ns_track_pid $churner
tui_wait_for 'dst 127\.0\.0\.6 ' 10
tui_keys /
tui_type 'dst 127.0.0.6'
tui_keys Enter
tui_wait_for "'dst 127.0.0.6' found in who makes new entries" 5
wait $churner || die "ctload churn failed"
want=$(ct -L -d 127.0.0.6 | wc -l)
[ "$want" -gt 100 ] || die "the churn made only $want entries to 127.0.0.6"
tui_keys Enter
tui_wait_for "showing $want of $want matching 'dst 127\.0\.0\.6'" 10
tui_keys Escape
tui_wait_for '> Who makes new entries' 5
tui_wait_gone 'showing [0-9]+ of' 5
note "'dst 127.0.0.6' in the churn view: lists $want entries, as conntrack does; Esc: back to the view"

tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit 0"
echo "1 passed, 0 failed"
