#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Presets at the keys: p lists them; the router example is shown with its
# warning and every change, confirmed once, applied as one transaction;
# one u reverts all of it. U undoes everything the session changed with
# one confirmation listing it all. The kernel-defaults preset puts back
# whatever differs.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

ROUTER="icmp_timeout:10 tcp_timeout_syn_recv:5 tcp_timeout_syn_sent:5 tcp_timeout_established:600
	tcp_timeout_fin_wait:10 tcp_timeout_time_wait:10 tcp_timeout_close_wait:10 tcp_timeout_last_ack:10"
DEFAULTS="icmp_timeout:30 tcp_timeout_syn_recv:60 tcp_timeout_syn_sent:120 tcp_timeout_established:432000
	tcp_timeout_fin_wait:120 tcp_timeout_time_wait:120 tcp_timeout_close_wait:60 tcp_timeout_last_ack:30"
values_are() {
	local pair got
	for pair in $1; do
		got=$(nsval "$NS" "nf_conntrack_${pair%%:*}")
		[ "$got" = "${pair#*:}" ] || die "$2: nf_conntrack_${pair%%:*} is $got, expected ${pair#*:}"
	done
}

NS=$(ns_create ctde) || exit 1
J=$(new_journal)
tt_start "$NS" "$J"
tui_keys p
tt_dialog 'Presets of timeouts'
tui_wait_for '> 1  Short timeouts \(the example set operators quote\)' 5
tui_wait_for '2  Kernel defaults \(revert every timeout\)' 5
tui_keys 1
tt_dialog "Apply the preset 'router-example'\\? \\(8 changes\\)"
screen=$(tui_stable_screen)
for want in "An example from a router maker, not a recommendation" \
	"tcp_timeout_established +432000 \(5d\) -> 600 \(10m\)" "icmp_timeout +30 \(30s\) -> 10 \(10s\)" \
	"tcp_timeout_syn_sent +120 \(2m\) -> 5 \(5s\)" "All or nothing: if one write fails"; do
	grep -Eq -- "$want" <<<"$screen" || { echo "$screen" >&2; die "the preset's dialog lacks /$want/"; }
done
values_are "$DEFAULTS" "before y"
ms=$(tt_yes_timed "profile router-example: 8 changes applied and read back")
values_are "$ROUTER" "after the preset"
tx=$(awk '$2 == "apply" { print $3 }' "$J" | sort -u)
[ "$(wc -l <<<"$tx")" = 1 ] && [ "$(records "$J" apply)" = 8 ] ||
	die "the preset is not one transaction of 8: $(cat "$J")"
note "the router preset: one confirmation with its warning, 8 values in one transaction (${ms} ms)"

tui_keys u
tt_dialog 'Undo the last change\? \(8 changes\)'
tt_yes_timed "the last change undone: 8 changes reverted and read back" >/dev/null
values_are "$DEFAULTS" "after one u"
tui_keys u
tui_wait_for 'nothing left to undo' 5
note "one u reverts the whole preset"

# U: a preset and a change, one confirmation listing all nine
tui_keys p
tt_dialog 'Presets of timeouts'
tui_keys 1
tt_dialog "Apply the preset"
tt_yes_timed "8 changes applied" >/dev/null
tt_timeout icmp_timeout
tt_type_value 1m
tt_dialog 'Change icmp_timeout\?'
tt_yes_timed "10 -> 60, read back 60" >/dev/null
tui_keys U
tt_dialog 'Undo everything this session changed\? \(9 changes\)'
screen=$(tui_stable_screen)
grep -Eq 'icmp_timeout +60 \(1m\) -> 10 \(10s\)' <<<"$screen" && grep -Eq 'icmp_timeout +10 \(10s\) -> 30 \(30s\)' <<<"$screen" ||
	{ echo "$screen" >&2; die "U does not list both icmp changes, newest first"; }
tt_yes_timed "this session's changes undone: 9 changes reverted and read back" >/dev/null
values_are "$DEFAULTS" "after U"
note "U lists all 9 changes and undoes them"

# kernel defaults: whatever differs goes back
ns_sysctl "$NS" nf_conntrack_udp_timeout 99
ns_sysctl "$NS" nf_conntrack_generic_timeout 77
tui_keys p
tt_dialog 'Presets of timeouts'
tui_keys Down Enter
tt_dialog "Apply the preset 'kernel-defaults'\\? \\(2 changes\\)"
tui_wait_for 'udp_timeout +99 \(1m39s\) -> 30 \(30s\)' 5
tt_yes_timed "profile kernel-defaults: 2 changes applied" >/dev/null
[ "$(nsval "$NS" nf_conntrack_udp_timeout)" = 30 ] && [ "$(nsval "$NS" nf_conntrack_generic_timeout)" = 600 ] ||
	die "kernel-defaults left udp $(nsval "$NS" nf_conntrack_udp_timeout), generic $(nsval "$NS" nf_conntrack_generic_timeout)"
tui_keys p
tui_keys 2
tui_wait_for "already match the preset 'kernel-defaults'" 5
tt_quit
note "the kernel-defaults preset reverts what differs, and then has nothing to do"
tt_took
