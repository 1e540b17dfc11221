#!/bin/sh
# Golden fixtures: each fixtures/<case>/ holds a host tree (etc/postfix,
# etc/dovecot) and the expected output of maillint run on it:
#   expected.dump   stdout of `maillint --root CASE --dump` (text)
#   expected.txt    stdout of `maillint --root CASE` (lint findings)
#   expected.json   stdout of `maillint --root CASE --format json`
#   expected.diag   stderr (diagnostics), when present
#   expected.rc     exit status, when present
#   args            extra command-line arguments, when present
# MAILLINT_UPDATE=1 rewrites the expected files from the current output.
. "$(dirname "$0")/lib.sh"

fixtures="$top_srcdir/fixtures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run_case() { # dir mode expected-file
	dir=$1 mode=$2 exp=$3
	name=$(basename "$dir")
	args=
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	case $mode in
	dump) set -- --dump ;;
	txt) set -- ;;
	json) set -- --format json ;;
	esac
	# shellcheck disable=SC2086
	(cd "$dir" && "$MAILLINT" --root . "$@" $args) >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ -n "${MAILLINT_UPDATE:-}" ]; then
		cp "$tmp/out" "$exp"
		[ "$mode" = dump ] && { cp "$tmp/err" "$dir/expected.diag"; echo "$rc" >"$dir/expected.rc"; }
	fi
	if ! diff -u "$exp" "$tmp/out" >"$tmp/diff"; then
		not_ok "$name ($mode): output differs"
		cat "$tmp/diff"
		return
	fi
	if [ "$mode" = dump ] && [ -f "$dir/expected.diag" ] &&
	    ! diff -u "$dir/expected.diag" "$tmp/err" >"$tmp/diff"; then
		not_ok "$name ($mode): diagnostics differ"
		cat "$tmp/diff"
		return
	fi
	if [ -f "$dir/expected.rc" ] && [ "$mode" = dump ] &&
	    [ "$(cat "$dir/expected.rc")" != "$rc" ]; then
		not_ok "$name ($mode): exit status $rc, want $(cat "$dir/expected.rc")"
		return
	fi
	ok "$name ($mode)"
}

for dir in "$fixtures"/*/; do
	dir=${dir%/}
	[ -f "$dir/expected.dump" ] && run_case "$dir" dump "$dir/expected.dump"
	[ -f "$dir/expected.txt" ] && run_case "$dir" txt "$dir/expected.txt"
	[ -f "$dir/expected.json" ] && run_case "$dir" json "$dir/expected.json"
done
finish
