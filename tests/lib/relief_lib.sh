# SPDX-License-Identifier: GPL-2.0-or-later
# The incident moment's tests (tests/tui/relief_*.sh, issue 22): a
# namespace whose table is full under a lowered global max (restored on
# every exit path), new UDP flows the kernel drops, the dashboard on it
# with a journal, and the relief's measured effect. Sourced after $TESTLIB.
. "$(dirname "$TESTLIB")/tuilib.sh"
. "$(dirname "$TESTLIB")/tunelib.sh"
need_root

# relief_begin NAME: the namespace ($NS, named after NAME), a journal
# ($J), and the global max lowered to 3,000 ($GLOBAL_MAX). New flows at
# 50 a second, as relief_incident starts them: with the default UDP
# timeout (30 s) they hold 1,500 entries, room enough once relieved.
relief_begin() {
	NS=$(ns_create "$1") || exit 1
	J=$(new_journal)
	lower_global_max 3000
}

# paced_flood NS RATE: new UDP flows in NS at about RATE a second (one
# datagram from a new socket each, to 127.0.0.8) until killed, whatever
# the kernel drops: a full table does not stop it. FLOOD is its pid.
paced_flood() {
	ip netns exec "$1" bash -c 'exec 3<> <(:)
		gap=$(awk -v r="$1" "BEGIN { printf \"%.4f\", 1 / r }")
		for ((p = 0; ; p++)); do
			echo x 2>/dev/null >/dev/udp/127.0.0.8/$((4000 + p % 20000))
			read -r -t "$gap" -u 3 _
		done' paced "$2" &
	FLOOD=$!
	ns_track_pid "$FLOOD"
}

# relief_incident WAY: once NS is full, the flood, and the dashboard on
# NS with the journal; it says TABLE FULL, and under it, on the first
# screen with no key needed, "Frees room now: " and WAY (a regex).
relief_incident() {
	paced_flood "$NS" 50
	tui_start 100 30
	tui_run_ctdash "'$CTDASH' --netns '$NS' --journal '$J' -d 5"
	tui_wait_for '^ TABLE FULL: dropping packets' 15
	tui_wait_for "^ Frees room now: $1" 10
	note "$(tui_screen | grep 'Frees room now')"
}

# relief_effect WHAT MAX: after a relief from the advice (WHAT, a regex
# of what ctdash says it did: deleted, max raised to N), ctdash's verdict
# on the status line says the drops stopped, the kernel's own drop
# counter in NS stays still for 2 s while FLOOD goes on, and the count of
# NS is below MAX.
relief_effect() {
	local line d1 d2 n
	tui_wait_for "relief: .*count [0-9,]+ -> [0-9,]+ of max [0-9,]+ \\($1; journalled\\)" 40
	line=$(tui_screen | grep -oE "relief: .*" | head -n 1)
	note "$line"
	grep -q 'relief: drops stopped' <<<"$line" || die "ctdash says the drops go on: $line"
	d1=$(ns_drops "$NS")
	sleep 2
	d2=$(ns_drops "$NS")
	[ "$d2" = "$d1" ] || die "the kernel still drops after the relief: $d1 -> $d2"
	kill -0 "$FLOOD" 2>/dev/null || die "the new flows ended: the test proves nothing"
	n=$(ns_count "$NS")
	[ "$n" -lt "$2" ] || die "the count $n is not below max $2"
	note "drops stopped ($d2) while the new flows go on; count $n of max $2"
}

# relief_end: the journal holds the relief's measured effect; the global
# max back, the time taken, the count of the test's one check.
relief_end() {
	grep -Eq 'note.*relief.*drops stopped' "$J" || die "the journal lacks the effect: $(cat "$J")"
	restore_global_max
	tt_took
	echo "1 passed, 0 failed"
}
