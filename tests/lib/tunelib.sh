# SPDX-License-Identifier: GPL-2.0-or-later
# The tuning keys driven in tmux, for tests/tui/tune_*.sh. Source it after
# $TESTLIB and tuilib.sh. It sources the integration tests' tune_lib.sh
# for nsval, new_journal and records (and TUNE_TMP, removed on exit), and
# gives this family of tests a tmux socket of its own.

. "$(dirname "$TESTLIB")/tune_lib.sh"

TUI_SOCK="ctde-$$"
TW=nf_conntrack_tcp_timeout_time_wait

# tt_start NS JOURNAL [ARGS...]: the dashboard at 80x24 on NS, with its
# journal at JOURNAL, waiting for the first complete screen.
tt_start() {
	local ns=$1 j=$2
	shift 2
	tui_start 80 24
	tui_run_ctdash "'$CTDASH' --netns '$ns' --journal '$j' $*"
	tt_loaded
}

# tt_restart NS JOURNAL [ARGS...]: the same in the pane already there.
tt_restart() {
	local ns=$1 j=$2
	shift 2
	tui_keys C-l
	tui_run_ctdash "'$CTDASH' --netns '$ns' --journal '$j' $*"
	tt_loaded
}

# tt_loaded: the first snapshot is on screen (the Table meter has its
# count): keys that plan from it (p, w) and the timeouts' rows need it.
tt_loaded() { tui_wait_for '^Table .*[0-9]/[0-9]' 10; }

# tt_quit: q, and ctdash must exit 0.
tt_quit() {
	tui_keys q
	local status
	status=$(tui_exit_status)
	[ "$status" = 0 ] || die "ctdash exited $status"
}

# tt_type TEXT: typed as is, even when it starts with '-'.
tt_type() { tmx send-keys -t "$TUI_TARGET" -l -- "$1"; }

# tt_timeout SHORT: the timeouts view, with the row of SHORT (the name
# without nf_conntrack_) selected by a search.
tt_timeout() {
	tui_screen | grep -q '▸ Timeouts' || tui_keys t
	# its rows come with the first snapshot: search once they are there
	tui_wait_for '▸ Timeouts: [1-9]' 10
	tui_keys /
	tui_type "$1"
	tui_keys Enter
	tui_wait_for "'$1' found in the timeouts" 5
}

# tt_type_value TEXT: Enter opens the value line; TEXT, Enter.
tt_type_value() {
	tui_keys Enter
	tui_wait_for ', now .*: ?$' 5
	tui_type "$1"
	tui_keys Enter
}

# tt_dialog TITLE: the confirmation with that title is open.
tt_dialog() { tui_wait_for "┌ $1" 5; }

# ms_since T0: milliseconds since T0 (from date +%s%N).
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# tt_yes_timed REGEX: y, then how long until REGEX is on screen, in ms
# (the screen polled without pause, so the figure is within a few ms).
tt_yes_timed() {
	local t0 i
	t0=$(date +%s%N)
	tui_keys y
	for ((i = 0; i < 2000; i++)); do
		tui_screen | grep -Eq -- "$1" && { ms_since "$t0"; return 0; }
	done
	tui_screen >&2
	die "not on screen after y: $1"
}

# test_timer: this test's duration, for its last note.
TT_T0=$(date +%s%N)
tt_took() { note "took $(ms_since "$TT_T0") ms"; }
