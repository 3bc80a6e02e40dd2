# SPDX-License-Identifier: GPL-2.0-or-later
# Driving the real dashboard in tmux, for tests/tui/*.sh. Source it after
# $TESTLIB (which deletes the namespaces and the processes it was told of).
#
# Each test gets a tmux server of its own (socket ctdt-PID), whose pane
# runs a plain bash; the server's pid goes to ns_track_pid, so the EXIT
# trap ends it (and with it the pane) on every path. No other tmux server
# is touched. Every wait polls the screen with a bound, never a long sleep.

command -v tmux >/dev/null || { echo "tmux is missing (apt-get install tmux)" >&2; exit "$HARD"; }

TUI_SOCK="ctdt-$$"
TUI_TARGET="ctdt:0.0"
# The dashboard's binary, reachable by a user without privilege (the
# build directory may be under a home that is not).
TUI_WORK=$(mktemp -d /tmp/ctdt-tui.XXXXXX)
_restore+=("rm -rf '$TUI_WORK'")

tmx() { tmux -L "$TUI_SOCK" "$@"; }

# tui_start COLS ROWS [LANG]: the server, one window of that size, a bash
# prompt in it. LANG defaults to C.UTF-8.
tui_start() {
	local lang=${3:-C.UTF-8}
	tmx -f /dev/null new-session -d -s ctdt -x "$1" -y "$2" \
		"env -i PATH='$PATH' TERM=screen LANG=$lang HOME='$TUI_WORK' PS1='ctdt\$ ' bash --norc --noprofile" ||
		die "cannot start tmux"
	ns_track_pid "$(tmx display -p -t ctdt '#{pid}')"
	# a killed server leaves its socket file behind
	_restore+=("rm -f '$(tmx display -p -t ctdt '#{socket_path}')'")
	tmx set-option -g status off >/dev/null
	tmx resize-window -t ctdt -x "$1" -y "$2"
	tui_wait_for 'ctdt\$' 5
}

tui_screen() { tmx capture-pane -p -t "$TUI_TARGET"; }
# With the attributes and colours as escape sequences.
tui_screen_sgr() { tmx capture-pane -p -e -t "$TUI_TARGET"; }
tui_keys() { tmx send-keys -t "$TUI_TARGET" "$@"; }
tui_type() { tmx send-keys -t "$TUI_TARGET" -l "$1"; }
tui_resize() { tmx resize-window -t ctdt -x "$1" -y "$2"; }

# tui_stable_screen: the screen once two captures 50 ms apart agree, so a
# screen caught while curses is still writing it is not taken for done
# (gives up after 3 s and prints the last capture).
tui_stable_screen() {
	local a b i
	a=$(tui_screen)
	for ((i = 0; i < 60; i++)); do
		sleep 0.05
		b=$(tui_screen)
		[ "$a" = "$b" ] && break
		a=$b
	done
	printf '%s\n' "$b"
}

# tui_wait_for REGEX [SECONDS]: until the screen matches (grep -E), or fail
# showing the screen.
tui_wait_for() {
	local re=$1 limit=$((${2:-10} * SLOW)) i
	for ((i = 0; i < limit * 20; i++)); do
		tui_screen | grep -Eq -- "$re" && return 0
		sleep 0.05
	done
	echo "--- screen, waiting for /$re/ ---" >&2
	tui_screen >&2
	die "not on screen within ${limit}s: $re"
}

# tui_wait_gone REGEX [SECONDS]
tui_wait_gone() {
	local re=$1 limit=$((${2:-10} * SLOW)) i
	for ((i = 0; i < limit * 20; i++)); do
		tui_screen | grep -Eq -- "$re" || return 0
		sleep 0.05
	done
	echo "--- screen, waiting for /$re/ to go ---" >&2
	tui_screen >&2
	die "still on screen after ${limit}s: $re"
}

# tui_help_all: every line of the open help (its descriptions wrap at 80
# columns, so it takes pages), page by page with PgDn until the selection
# is on its last row, each page taken once its position has moved.
tui_help_all() {
	local all="" pos i
	for ((i = 0; i < 20; i++)); do
		all+=$(tui_stable_screen)$'\n'
		pos=$(tui_screen | sed -nE 's/.*Help: Esc.* ([0-9]+\/[0-9]+) *$/\1/p')
		[ -n "$pos" ] || die "the help is not open"
		[ "${pos%/*}" = "${pos#*/}" ] && break
		tui_keys NPage
		tui_wait_gone "Help: Esc.* $pos *\$" 5
	done
	printf '%s' "$all"
}

# tui_run_ctdash ARGS...: remember the terminal's settings, start ctdash
# in the pane, and wait for its first complete screen.
tui_run_ctdash() {
	tui_type "S0=\$(stty -g); $* ; echo EXIT=\$?"
	tui_keys Enter
	tui_wait_for '^ ctdash ' 10
}

# tui_launch REGEX SECONDS COMMAND: type COMMAND at the prompt (one
# command, not a list, where the test stops the job), wait for REGEX on
# screen, and set TUI_PID to the dashboard's pid.
tui_launch() {
	tui_type "$3"
	tui_keys Enter
	tui_wait_for "$1" "$2"
	TUI_PID=$(tui_ctdash_pid)
	[ -n "$TUI_PID" ] || die "no ctdash process in the pane"
}

# tui_gone PID SECONDS: whether process PID ends within SECONDS.
tui_gone() {
	local i
	for ((i = 0; i < $2 * 20; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.05
	done
	! kill -0 "$1" 2>/dev/null
}

# tui_known COLS ROWS: NS, a new namespace holding known_traffic, and a
# terminal of COLS x ROWS, where many dashboard tests start.
tui_known() {
	NS=$(ns_create ctdt) || exit 1
	known_traffic "$NS"
	tui_start "$1" "$2"
}

# tui_exit_status [SECONDS]: the exit status ctdash reported to the shell.
tui_exit_status() {
	tui_wait_for '^EXIT=[0-9]+' "${1:-10}"
	tui_screen | sed -n 's/^EXIT=\([0-9]*\).*/\1/p' | tail -n 1
}

# tui_terminal_usable: after ctdash exited, the terminal is as it was:
# same stty settings, back from the alternate screen, cursor shown, and
# the shell answers.
tui_terminal_usable() {
	tmx send-keys -t "$TUI_TARGET" C-l
	tui_type '[ "$(stty -g)" = "$S0" ] && echo TTY=SAME || echo TTY=CHANGED'
	tui_keys Enter
	tui_wait_for '^TTY=(SAME|CHANGED)' 5
	tui_screen | grep -q '^TTY=SAME' || die "ctdash left the terminal settings changed"
	[ "$(tmx display -p -t "$TUI_TARGET" '#{alternate_on}')" = 0 ] ||
		die "ctdash left the terminal on the alternate screen"
	[ "$(tmx display -p -t "$TUI_TARGET" '#{cursor_flag}')" = 1 ] ||
		die "ctdash left the cursor hidden"
}

# tui_ctdash_pid: the dashboard's pid (the pane shell's child).
tui_ctdash_pid() {
	local shell_pid
	shell_pid=$(tmx display -p -t "$TUI_TARGET" '#{pane_pid}')
	# (under valgrind the process is memcheck's, with the same pid)
	pgrep -P "$shell_pid" -x 'ctdash|memcheck-amd64-' | head -n 1
}

# screen_count: the entry count the Table meter shows ("… 1,234/262,144").
screen_count() {
	tui_screen | sed -n 's/^Table .* \([0-9,]*\)\/[0-9,]*.*/\1/p' | head -n 1 | tr -d ,
}

# ns_count NS: what conntrack -C says for that namespace.
ns_count() { ip netns exec "$1" conntrack -C; }

# ctload NS ARGS...: the project's loopback load generator, in NS.
ctload() {
	local ns=$1
	shift
	[ -x "$TOOLS/ctload" ] || die "$TOOLS/ctload is not built (make check builds it)"
	ip netns exec "$ns" "$TOOLS/ctload" "$@" >/dev/null || die "ctload $* failed"
}

# known_traffic NS: a table of known shape that stays put for the test:
# 20 UDP flows from 127.0.0.9, 3 UDP flows over ::1, 6 TCP connections in
# TIME_WAIT from 127.0.0.8, 4 held ESTABLISHED from 127.0.0.7, 2 pings.
known_traffic() {
	local ns=$1
	local t
	# long timeouts (this namespace's own) so nothing expires mid-test
	for t in udp_timeout icmp_timeout icmpv6_timeout tcp_timeout_time_wait; do
		ns_sysctl "$ns" "nf_conntrack_$t" 600
	done
	ctload "$ns" udp --src 127.0.0.9 --dst 127.0.0.1 --ports 20000-20019
	ctload "$ns" udp6 --ports 21000-21002
	ctload "$ns" tcp-timewait --count 6 --src 127.0.0.8
	ctload "$ns" ping --count 2
	ip netns exec "$ns" "$TOOLS/ctload" tcp-hold --count 4 --src 127.0.0.7 --seconds 300 \
		>"$TUI_WORK/hold" 2>&1 &
	ns_track_pid $!
	local i
	for ((i = 0; i < 100; i++)); do
		grep -q ready "$TUI_WORK/hold" && break
		sleep 0.05
	done
	grep -q ready "$TUI_WORK/hold" || die "ctload tcp-hold did not get ready: $(head -c 500 "$TUI_WORK/hold")"
}

# private_copy: ctdash copied where any user may run it; prints its path.
private_copy() {
	install -m 0755 "$CTDASH" "$TUI_WORK/ctdash"
	chmod 0755 "$TUI_WORK"
	echo "$TUI_WORK/ctdash"
}

# ns_drops NS: the kernel's drop counter in NS, summed over CPUs (from
# /proc/net/stat/nf_conntrack: hex, one row a CPU, the column by name).
ns_drops() {
	ip netns exec "$1" cat /proc/net/stat/nf_conntrack | {
		local head row col=-1 i sum=0
		read -r -a head
		for i in "${!head[@]}"; do [ "${head[$i]}" = drop ] && col=$i; done
		[ "$col" -ge 0 ] || { echo "no drop column in /proc/net/stat/nf_conntrack" >&2; return 1; }
		while read -r -a row; do sum=$((sum + 16#${row[$col]})); done
		echo "$sum"
	}
}
