# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the tuning tests: a tunectl session driven line by line, as
# the dashboard drives the write path, and a private journal.

# tune_start ARGS...: start tunectl as a coprocess (its pid in TUNECTL_PID).
# Bash unsets a coprocess's own variables (TUNE, TUNE_PID) when it reaps
# it, which may be at any moment after it dies, so the pid and the
# descriptors are copied at once into names bash does not manage.
tune_start() {
	coproc TUNE { exec "$TOOLS/tunectl" "$@" 2>&1; }
	TUNECTL_PID=$!
	exec {TUNE_IN}>&"${TUNE[1]}" {TUNE_OUT}<&"${TUNE[0]}"
	ns_track_pid "$TUNECTL_PID"
}

# tune CMD: send one command, print the one line it answers.
tune() {
	local line
	echo "$1" >&"$TUNE_IN" || die "tunectl is gone (sending '$1')"
	IFS= read -r -t $((20 * SLOW)) line <&"$TUNE_OUT" || die "tunectl did not answer '$1'"
	printf '%s\n' "$line"
}

# tune_expect WORD CMD: the answer must start with WORD (ok, refused, …).
tune_expect() {
	local got
	got=$(tune "$2")
	case "$got" in
	"$1"*) printf '%s\n' "$got" ;;
	*) die "'$2': expected '$1 …', got '$got'" ;;
	esac
}

# tune_stop: end the session normally.
tune_stop() {
	exec {TUNE_IN}>&- {TUNE_OUT}<&-
	[ -n "${TUNE[1]:-}" ] && exec {TUNE[1]}>&-
	wait "$TUNECTL_PID" 2>/dev/null
}

# Everything the tuning tests write goes under one directory, removed on
# exit (made here, not in a $(...) subshell, so the EXIT trap knows it).
TUNE_TMP=$(mktemp -d /tmp/ctdw-tune.XXXXXX) || exit 99
_restore+=("rm -rf '$TUNE_TMP'")

# new_journal: a journal path in a fresh directory (not created yet).
new_journal() {
	local d
	d=$(mktemp -d "$TUNE_TMP/j.XXXXXX") || die "mktemp failed"
	echo "$d/journal"
}

# nsval NS NAME: a sysctl as that namespace holds it.
nsval() { ip netns exec "$1" cat "/proc/sys/net/netfilter/$2"; }

# records JOURNAL KIND: how many records of that kind.
records() { awk -v k="$2" '$1 !~ /^#/ && $2 == k' "$1" | wc -l; }

# fill_up DIR JOURNAL: DIR's file system (a small tmpfs) full, and the
# JOURNAL's last page (already allocated to it) filled with a comment to
# 20 bytes from its end, so the next record fits in part only, as on a
# real full disk. Prints the journal's size then.
fill_up() {
	local size room
	dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null
	size=$(stat -c %s "$2")
	room=$(((4096 - size % 4096) % 4096))
	[ "$room" -gt 40 ] || die "the journal's page has $room bytes left, the test needs more"
	printf '#%*s\n' $((room - 22)) '' | tr ' ' x >>"$2" || die "cannot pad the journal"
	stat -c %s "$2"
}
