#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# w exports what differs from the kernel's defaults for boot: it asks
# where (the sysctl.d default typed in, to be edited; then the modprobe.d
# path when the bucket count differs), previews the files, and writes
# them only after y. Here into a temporary directory, never /etc.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$0")/../lib/tunelib.sh"
need_root

NS=$(ns_create ctde) || exit 1
J=$(new_journal)
OUT=$(mktemp -d "$TUNE_TMP/export.XXXXXX")
CONF="$OUT/90-conntrack.conf"
MOD="$OUT/nf_conntrack.conf"
# accounting set the other way than a new namespace starts (the module's
# acct=) must be kept for boot too
[ "$(cat /sys/module/nf_conntrack/parameters/acct)" = Y ] && ACCT=0 || ACCT=1
ip netns exec "$NS" sysctl -qw net.netfilter.nf_conntrack_acct=$ACCT
tt_start "$NS" "$J"
tt_timeout time_wait
tt_type_value 10
tt_dialog 'Change tcp_timeout_time_wait\?'
tt_yes_timed "read back 10" >/dev/null

# the paths asked for; a bad one is refused inline
# answer_paths DEFAULT: the line offers DEFAULT (the last path given, or
# /etc's), typed in for editing
answer_paths() {
	tui_keys w
	tui_wait_for "^write the settings \\(sysctl.d\\) to: .*$1" 5
	tui_keys C-u
	tui_type "$OUT/no-such-dir/x.conf"
	tui_keys Enter
	tui_wait_for "no directory $OUT/no-such-dir" 5
	tui_keys C-u
	tui_type "$CONF"
	tui_keys Enter
	# the host's bucket count is global: it may differ from the default
	if tui_screen | grep -q '^and the bucket count (modprobe.d) to: /etc/modprobe.d/nf_conntrack.conf'; then
		tui_keys C-u
		tui_type "$MOD"
		tui_keys Enter
	fi
	tt_dialog 'Write these files\?'
}
answer_paths /etc/sysctl.d/90-conntrack.conf
screen=$(tui_stable_screen)
for want in "--- $CONF ---" "# Conntrack settings that differ from the kernel's defaults" \
	"y: write them +n or Esc: no"; do
	grep -Eq -- "$want" <<<"$screen" || { echo "$screen" >&2; die "the preview lacks /$want/"; }
done
tui_keys Down Down Down Down Down Down Down Down Down Down
tui_wait_for "^│ net.netfilter.$TW = 10 " 5
tui_keys n
tui_wait_for 'export cancelled: nothing was written' 5
[ -e "$CONF" ] && die "n wrote $CONF"
note "w asks for the path (a bad one refused inline), previews; n writes nothing"

answer_paths "$(basename "$OUT")/90-conntrack.conf"
tui_keys y
tui_wait_for "^wrote [23] settings to $CONF" 5
grep -qx "net.netfilter.$TW = 10" "$CONF" || die "the export lacks time_wait: $(cat "$CONF")"
grep -qx "net.netfilter.nf_conntrack_acct = $ACCT" "$CONF" || die "the export lacks acct: $(cat "$CONF")"
# nf_conntrack_max is global: a benchmark running meanwhile may have raised it
others=$(grep '^net\.' "$CONF" | grep -v -e "^net.netfilter.$TW = 10\$" -e "^net.netfilter.nf_conntrack_acct = $ACCT\$" -e '^net.netfilter.nf_conntrack_max = ')
[ -z "$others" ] || die "the export holds settings at their default: $others"
if [ "$(cat /proc/sys/net/netfilter/nf_conntrack_max)" = "$(ip netns exec "$NS" "$CTDASH" --json | jq .default_max)" ]; then
	grep -q '^net.netfilter.nf_conntrack_max' "$CONF" && die "nf_conntrack_max exported at its default"
fi
[ "$(stat -c %a "$CONF")" = 644 ] || die "the export is mode $(stat -c %a "$CONF")"
[ "$(ls "$OUT" | grep -v -e '^90-conntrack.conf$' -e '^nf_conntrack.conf$')" = "" ] ||
	die "temporary files left beside the export: $(ls "$OUT")"
sysctl_line=$(grep '^net\.' "$CONF")
# sysctl -p in the namespace: nf_conntrack_max cannot be set there, so
# only the timeout is tried
grep "^net.netfilter.$TW" "$CONF" >"$OUT/tw.conf"
ip netns exec "$NS" sysctl -q -p "$OUT/tw.conf" || die "sysctl -p cannot read the export"
tt_quit
note "y wrote $CONF (0644): '$sysctl_line', which sysctl -p accepts"
tt_took
