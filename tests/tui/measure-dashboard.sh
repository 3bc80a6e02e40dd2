#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/tui/measure-dashboard.sh NS [KEYS] [DELAY]: what watching a big
# table costs, measured on the running dashboard in tmux:
#  - the first complete screen after start (outside view: command sent to
#    complete screen seen; inside view: ctdash's own figure from its help);
#  - key latency while a dump runs: a key is sent only while the title says
#    "dumping", and the time until its effect is on screen is taken, KEYS
#    times (default 20), with ctdash's own key-to-screen figures beside;
#  - CPU per refresh (ctdash's figure, and the process's CPU over the run
#    divided by the refreshes it made), and peak RSS.
# NS is an existing namespace, already filled (e.g. by tests/bench's filler,
# or `ip netns exec NS ctload fill --count N --sources A-B`); nothing in it
# is changed. DELAY is ctdash's -d in tenths (default 20). A measurement,
# not a test: it prints figures and exits 0 unless it could not measure.
# Run as root with CTDASH set (default: the build's src/ctdash beside this
# script's build directory).
set -u

NS=${1:?usage: measure-dashboard.sh NS [KEYS] [DELAY]}
KEYS=${2:-20}
DELAY=${3:-20}
CTDASH=${CTDASH:-$(cd "$(dirname "$0")/../.." && pwd)/src/ctdash}
[ -x "$CTDASH" ] || { echo "no ctdash at $CTDASH: set CTDASH" >&2; exit 1; }
[ -e "/run/netns/$NS" ] || { echo "no namespace $NS" >&2; exit 1; }
command -v tmux >/dev/null || { echo "tmux is missing" >&2; exit 1; }

SOCK="ctdt-measure-$$"
tmx() { tmux -L "$SOCK" "$@"; }
server_pid=
socket=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	[ -n "$socket" ] && rm -f "$socket"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
screen() { tmx capture-pane -p -t m:0.0; }
# wait_for REGEX SECONDS: poll the screen; 1 on timeout
wait_for() {
	local end=$(( $(now_ms) + $2 * 1000 ))
	while [ "$(now_ms)" -lt "$end" ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.005 # leave the CPUs to ctdash
	done
	return 1
}
wait_gone() {
	local end=$(( $(now_ms) + $2 * 1000 ))
	while [ "$(now_ms)" -lt "$end" ]; do
		screen | grep -Eq -- "$1" || return 0
		sleep 0.005
	done
	return 1
}
stats() { sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "median %d ms, p90 %d ms, max %d ms over %d", v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.5) ? int(NR * 0.9 + 0.5) : 1], v[NR], NR }'; }

entries=$(ip netns exec "$NS" cat /proc/sys/net/netfilter/nf_conntrack_count)
host=$(awk '$1 == "nf_conntrack" { print $2 }' /proc/slabinfo 2>/dev/null)
echo "# kernel $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# namespace $NS: $entries entries; host-wide about ${host:-?} (nf_conntrack slab objects)"

tmx -f /dev/null new-session -d -s m -x 200 -y 50 \
	"env -i PATH='$PATH' TERM=screen LANG=C.UTF-8 bash --norc --noprofile" || exit 1
server_pid=$(tmx display -p -t m '#{pid}')
socket=$(tmx display -p -t m '#{socket_path}')
tmx set-option -g status off >/dev/null
tmx resize-window -t m -x 200 -y 50

# --- first complete screen ---------------------------------------------------------
t0=$(now_ms)
tmx send-keys -t m:0.0 -l "'$CTDASH' -d $DELAY --netns '$NS'; echo EXIT=\$?"
tmx send-keys -t m:0.0 Enter
# complete: the title has the time of a complete dump and the panes are filled
wait_for ' dump [0-9]{2}:[0-9]{2}:[0-9]{2}' 30 || { screen; echo "no complete screen in 30 s" >&2; exit 1; }
t1=$(now_ms)
wait_for 'Top sources \([0-9,]+ distinct\)' 5 || { screen; echo "panes not filled" >&2; exit 1; }
pid=$(pgrep -P "$(tmx display -p -t m:0.0 '#{pane_pid}')" -x ctdash | head -n 1)
echo "first complete screen: $((t1 - t0)) ms from the command to the screen (tmux polling included)"

# --- key latency during dumps, and between them (tmux's own share) ----------------
lat=()
open=0
# key_round dumping|idle: one '?' sent while the title says a dump runs, or not
key_round() {
	if [ "$1" = dumping ]; then
		wait_for ' dumping [0-9.]+[kM]?' 30 || { echo "no dump seen in 30 s" >&2; return 1; }
	else
		wait_gone ' dumping [0-9.]+[kM]?' 30 || { echo "never idle in 30 s" >&2; return 1; }
	fi
	ts=$(now_ms)
	tmx send-keys -t m:0.0 '?'
	if [ $open = 0 ]; then
		wait_for 'Help: Esc' 5 || { echo "help did not open" >&2; return 1; }
		open=1
	else
		wait_gone 'Help: Esc' 5 || { echo "help did not close" >&2; return 1; }
		open=0
	fi
	lat+=($(( $(now_ms) - ts )))
}
for ((k = 0; k < KEYS; k++)); do
	key_round dumping || break
done
echo "key during a dump, sent to seen on screen: $(printf '%s\n' "${lat[@]}" | stats)"
lat=()
for ((k = 0; k < KEYS / 2; k++)); do
	key_round idle || break
done
echo "key between dumps (the tmux round trip): $(printf '%s\n' "${lat[@]}" | stats)"

# --- ctdash's own figures, from its help ------------------------------------------
[ $open = 1 ] || tmx send-keys -t m:0.0 '?'
wait_for 'Key to screen' 5
sleep 1
tmx send-keys -t m:0.0 Space   # pause, so the figures stand still while read
sleep 0.3
screen | grep -E -A1 'CPU per refresh|Last dump|First screen|Key to screen' | grep -v '^--' | sed 's/^ */ctdash says: /'

if [ -n "$pid" ] && [ -r "/proc/$pid/stat" ]; then
	read -r -a st <"/proc/$pid/stat"
	ticks=$((st[13] + st[14]))
	hz=$(getconf CLK_TCK)
	refreshes=$(screen | sed -n 's/.* over \([0-9,]*\) refreshes.*/\1/p' | tr -d ,)
	age=$(( $(now_ms) - t0 ))
	echo "process: $((ticks * 1000 / hz)) ms CPU in $age ms over ${refreshes:-?} refreshes" \
		"(about $(( ticks * 1000 / hz / ${refreshes:-1} )) ms per refresh, drawing and keys included)"
	echo "peak RSS: $(awk '/VmHWM/ { print $2, $3 }' "/proc/$pid/status")"
fi

# --- quit -----------------------------------------------------------------------
ts=$(now_ms)
tmx send-keys -t m:0.0 q q   # close the help, then quit
wait_for '^EXIT=' 10 || { echo "ctdash did not quit" >&2; exit 1; }
echo "quit: $(( $(now_ms) - ts )) ms, $(screen | grep -o 'EXIT=[0-9]*' | tail -n 1)"
