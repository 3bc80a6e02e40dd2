# SPDX-License-Identifier: GPL-2.0-or-later
# What the recorder's tests share (sourced after lib.sh): checks counted
# and reported, and waits on the recording's content, never on time.
#
#   check NAME CMD...          run CMD: "ok: NAME" or "not ok: NAME", counted
#   checks_done                the count; fails the test if one failed
#   said STATUS WANT TEXT RE   STATUS is WANT and TEXT matches RE
#   lines FILE N SECONDS       wait until FILE has N lines (SECONDS scaled)
#   db_wait SECONDS DB SQL     wait until the query prints neither 0 nor ""

pass=0 fail=0
check() {
	local name=$1
	shift
	if "$@"; then pass=$((pass + 1)); note "ok: $name"; else fail=$((fail + 1)); echo "not ok: $name" >&2; fi
}
checks_done() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}
said() { [ "$1" = "$2" ] && grep -q -- "$4" <<<"$3"; }
lines() {
	local end=$((SECONDS + $3 * SLOW))
	while [ $SECONDS -lt $end ]; do
		[ "$(wc -l <"$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
db_wait() {
	local end=$((SECONDS + $1 * SLOW)) v
	while [ $SECONDS -lt $end ]; do
		# the sqlite3 shell would make the file (0644) if it asked first
		[ -e "$2" ] || { sleep 0.2; continue; }
		v=$(sqlite3 "$2" "$3" 2>/dev/null)
		[ -n "$v" ] && [ "$v" != 0 ] && return 0
		sleep 0.2
	done
	return 1
}
