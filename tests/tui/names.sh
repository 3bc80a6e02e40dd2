#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Names instead of addresses (r): off at start; r shows the names in the
# top sources pane and the list view as the background resolver finds
# them, r again brings the addresses back; with a resolver that takes 2 s
# a lookup, the keys are still answered at once (the selection moves, the
# sort changes) while the names are pending, the addresses showing
# meanwhile. The resolver is the test hook (CTDASH_TEST_HOSTS: names from
# a file written here), so no DNS query leaves this machine.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
need_root
need_test_hooks

NS=$(ns_create ctdt) || exit 1
known_traffic "$NS"
HOSTS=$TUI_WORK/hosts
cat >"$HOSTS" <<'EOF'
# the test's names: the only resolver ctdash may ask
127.0.0.9 nine.test
127.0.0.1 one.test
127.0.0.8 eight.test
127.0.0.7 seven.test
::1 six.test
EOF

tui_start 150 60
tui_run_ctdash "CTDASH_TEST_HOSTS='$HOSTS' '$CTDASH' --netns '$NS'"
tui_wait_for 'TIME_WAIT +6 ' 10
tui_wait_for '127\.0\.0\.9 +20 ' 5
tui_screen | grep -q 'nine\.test' && die "names shown before r"
tui_wait_for 'q quit +r names *$' 5

# r: the top sources pane names its rows
tui_keys r
tui_wait_for 'names shown as they are found' 5
tui_wait_for 'nine\.test +20 ' 5
tui_wait_for 'eight\.test +[0-9]+ ' 5

# the list view: source and destination named, the detail keeps addresses
tui_keys L
tui_wait_for "showing [0-9]+ of [0-9]+ matching ''" 10
tui_wait_for 'udp +- +[0-9]+ +nine\.test:[0-9]+ +one\.test:200[01][0-9]' 5
tui_wait_for 'tcp +ESTABLISHED +[0-9]+ +seven\.test:[0-9]+ +one\.test:[0-9]+' 5
tui_wait_for 'udp +- +[0-9]+ +six\.test:[0-9]+ +six\.test:2100[0-2]' 5
tui_wait_for 'original [[:digit:][:punct:]]+ -> ' 5
tui_wait_for '\br names\b' 10
# a search finds a row by its name
tui_keys /
tui_type eight.test
tui_keys Enter
tui_wait_for "'eight.test' found in the entries" 5

# each address looked up once, the rest from the cache (the help's figures)
tui_keys F1
tui_keys /
tui_type 'Names (r)'
tui_keys Enter
tui_wait_for 'Names \(r\) +[0-9,]+ looked up' 5
looked=$(tui_screen | sed -n 's/.*Names (r) *\([0-9,]*\) looked up.*/\1/p' | head -n 1 | tr -d ,)
note "$looked lookups for the 5 addresses of the table"
[ "$looked" = 5 ] || die "$looked lookups, expected one for each of the 5 addresses:
$(tui_screen)"
# the figures' second line may be below the help's last row: search it too
tui_keys /
tui_type 'the cache;'
tui_keys Enter
tui_wait_for 'the cache; [0-9,]+ of [0-9,]+ cached; 0 asked for and dropped' 5
tui_keys Escape
tui_wait_for "showing [0-9]+ of [0-9]+ matching" 5

# r again: addresses
tui_keys r
tui_wait_for 'addresses shown' 5
tui_wait_for 'udp +- +[0-9]+ +127\.0\.0\.9:[0-9]+ +127\.0\.0\.1:200[01][0-9]' 5
tui_wait_gone 'nine\.test' 5
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit 0"

# A resolver that takes 2 s a lookup: keys are answered while it works.
tui_run_ctdash "CTDASH_TEST_HOSTS='$HOSTS' CTDASH_TEST_RESOLVE_MS=2000 '$CTDASH' --netns '$NS'"
tui_wait_for 'TIME_WAIT +6 ' 10
tui_keys L
tui_wait_for "showing [0-9]+ of [0-9]+ matching ''" 10
tui_wait_for 'id [0-9]+ +mark' 5
tui_keys r
tui_wait_for 'names shown as they are found' 2
# pending: the addresses show meanwhile
tui_stable_screen | grep -Eq '127\.0\.0\.[0-9]:[0-9]+ ' || die "no address shown while pending:
$(tui_screen)"
# the selection moves at once: the entry below the list changes
detail=$(tui_screen | grep -E 'id [0-9]+ +mark' | head -n 1)
start=$(date +%s%N)
tui_keys Down
tui_wait_gone "$(printf '%s' "$detail" | sed 's/[][\.*^$+?(){}|]/\\&/g')" 1
tui_keys F6
tui_wait_for 'by src\b' 1
took=$(( ($(date +%s%N) - start) / 1000000 ))
note "keys seen answered on the screen in ${took} ms (tmux polling included) while lookups take 2 s each"
# the dashboard's own figure, key to screen, in the help
tui_keys F1
tui_keys /
tui_type 'Key to screen'
tui_keys Enter
tui_wait_for 'Key to screen +last [0-9.]+ ms, slowest [0-9.]+ ms' 5
slowest=$(tui_screen | sed -n 's/.*Key to screen .*slowest \([0-9.]*\) ms.*/\1/p' | head -n 1)
note "slowest key to screen: ${slowest} ms"
# (valgrind's runs stretch every wait by CTDASH_TEST_SLOW)
awk -v s="$slowest" -v k="$SLOW" 'BEGIN { exit !(s < 100 * k) }' ||
	die "a key took ${slowest} ms (over $((100 * SLOW))) while lookups were pending"
tui_keys Escape
tui_wait_for "showing [0-9]+ of [0-9]+ matching ''" 5
# the names still come, 2 s a lookup, two at a time
tui_wait_for '(nine|one|eight|seven|six)\.test' 10
tui_keys q
[ "$(tui_exit_status)" = 0 ] || die "ctdash did not exit 0 with lookups in flight"
echo "1 passed, 0 failed"
