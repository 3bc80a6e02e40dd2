#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The options the parser takes (longopts and shortopts in src/cli/options.c),
# the ones `ctdash --help` lists and the tags of the man page's OPTIONS
# section are the same set, each short letter beside its long name, and an
# option's default and range say the same in --help and the man page.
# Fails naming what is missing where. No root, nothing outside this shell.
SRC=${LAYER_SRCDIR:-$(dirname "$0")/..}
CTDASH=${CTDASH:-./src/ctdash}
MAN=${OPTIONS_DOC_MAN:-$SRC/doc/ctdash.8}
OPTS=${OPTIONS_DOC_SRC:-$SRC/src/cli/options.c}
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
bad() { echo "FAIL: $*" >&2; fail=1; }

# the parser: every long name, and "-x --name" for each short letter
sed -n '/longopts\[\] = {/,/^};/p' "$OPTS" | grep -oE '\{ "[a-z][a-z-]*", [a-z_]+, NULL, [^ ]+ \}' |
	sed -E 's/\{ "([a-z-]+)", [a-z_]+, NULL, (.+) \}/\1 \2/' >"$tmp/longopts"
awk '{ print "--" $1 }' "$tmp/longopts" | sort -u >"$tmp/parser"
awk "\$2 ~ /^'.'\$/ { print \"-\" substr(\$2, 2, 1), \"--\" \$1 }" "$tmp/longopts" | sort >"$tmp/parser.short"
[ "$(wc -l <"$tmp/parser")" -gt 30 ] || bad "read only $(wc -l <"$tmp/parser") long options from $OPTS"
shortopts=$(sed -nE 's/^static const char shortopts\[\] = "(.*)";/\1/p' "$OPTS" | tr -d ':')
for ((i = 0; i < ${#shortopts}; i++)); do
	grep -q "^-${shortopts:i:1} " "$tmp/parser.short" || bad "short option -${shortopts:i:1} has no long name in longopts"
done

# --help: an option line starts with "  -x, --name" or "      --name", and
# "--since T, --until T" names two
"$CTDASH" --help >"$tmp/help.txt" || bad "ctdash --help failed"
grep -E '^ {2}(-[A-Za-z0-9], | {4})--[a-z]' "$tmp/help.txt" | sed -E 's/^ +//; s/ {2,}.*//' >"$tmp/help.lines"
grep -oE -- '--[a-z][a-z-]*' "$tmp/help.lines" | sort -u >"$tmp/help"
grep -oE -- '^-[A-Za-z0-9], --[a-z][a-z-]*' "$tmp/help.lines" | sed 's/,//' | sort >"$tmp/help.short"

# the man page: the tag (the line after .TP) of each item of OPTIONS
awk '/^\.SH OPTIONS/ { in_opts = 1; next } /^\.SH/ { in_opts = 0 }
	in_opts && tag && /^\./ { print } { tag = ($0 == ".TP") }' "$MAN" |
	sed -E 's/\\-/-/g; s/\\f[BIRP]//g; s/"//g; s/ +/ /g' >"$tmp/man.tags"
grep -oE -- '--[a-z][a-z-]*' "$tmp/man.tags" | sort -u >"$tmp/man"
grep -oE -- '^\.BR -[A-Za-z0-9] , --[a-z][a-z-]*' "$tmp/man.tags" |
	sed -E 's/^\.BR (-.) , /\1 /' | sort >"$tmp/man.short"

for where in help man; do
	what=$([ $where = help ] && echo "ctdash --help" || echo "the man page's OPTIONS")
	comm -23 "$tmp/parser" "$tmp/$where" | while read -r o; do
		echo "FAIL: $what does not list $o, which the parser takes" >&2
	done
	comm -13 "$tmp/parser" "$tmp/$where" | while read -r o; do
		echo "FAIL: $what lists $o, which the parser does not take" >&2
	done
	cmp -s "$tmp/parser" "$tmp/$where" || fail=1
	if ! cmp -s "$tmp/parser.short" "$tmp/$where.short"; then
		bad "$what pairs short and long options otherwise than the parser: $(diff "$tmp/parser.short" "$tmp/$where.short" | grep '^[<>]' | tr '\n' ' ')"
	fi
done

# help_text OPTION: its line and the indented ones below it
help_text() {
	awk -v o="$1" 'started && (!match($0, /[^ ]/) || RSTART < 8) { exit }
		!started && /^  (-[A-Za-z0-9], |    )--[a-z]/ {
			names = $0; sub(/^ +/, "", names); sub(/  .*/, "", names)
			if (index(names " ", o " ")) started = 1 }
		started { print }' "$tmp/help.txt" | tr '\n' ' '
}
# man_text OPTION: its item, from its tag to the next .TP
man_text() {
	awk '/^\.SH OPTIONS/ { in_opts = 1; next } /^\.SH/ { in_opts = 0 } in_opts' "$MAN" |
		sed -E 's/\\-/-/g; s/\\\(en/-/g; s/\\f[BIRP]//g; s/"//g' |
		awk -v o="$1" '/^\.TP/ { if (started) exit; tag = 1; next }
			tag { tag = 0; if (index($0 " ", o " ") || index($0, o ",")) started = 1 }
			started { print }' | tr '\n' ' '
}
# the default and the range each says
fact() { grep -oE "$1" <<<"$2" | head -1 | sed -E "$3"; }
while read -r o; do
	h=$(help_text "$o")
	m=$(man_text "$o")
	hd=$(fact 'default [^,;) ]+' "$h" 's/default //')
	md=$(fact 'default [^,;) ]+' "$m" 's/default //')
	if [ -n "$hd" ] && [ "$hd" != "$md" ]; then
		bad "$o: --help says default $hd, the man page ${md:+default }${md:-no default}"
	fi
	hr=$(fact '\(1-[0-9]+' "$h" 's/\(1-//')
	mr=$(fact '1( to |-)[0-9]+' "$m" 's/1( to |-)//')
	if [ -n "$hr" ] && [ "$hr" != "$mr" ]; then
		bad "$o: --help says 1-$hr, the man page ${mr:+1-}${mr:-no range}"
	fi
	[ -n "$OPTIONS_DOC_DEBUG" ] && echo "$o: help [$hd] [$hr] man [$md] [$mr]"
done <"$tmp/parser"
[ "$fail" = 0 ] || exit 1
echo "1 passed, 0 failed ($(wc -l <"$tmp/parser") options)"
