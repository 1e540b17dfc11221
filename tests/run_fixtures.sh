#!/bin/sh
# Golden fixtures: each fixtures/<case>/ holds a host tree (etc/postfix,
# etc/dovecot) and what maillint prints for it, run inside the case as
# `maillint --root . [MODE OPTIONS] [args]`.  For each MODE:
#   dump    --dump                 stdout in expected.dump
#   txt     (lint, text)           stdout in expected.txt
#   json    --format json          stdout in expected.json
#   sarif   --format sarif         stdout in expected.sarif
#   gcc     --format gcc           stdout in expected.gcc
# every run is compared whole, three ways:
#   stdout       expected.MODE
#   stderr       expected.MODE.err; no such file: stderr must be empty
#   exit status  the line "MODE STATUS" of expected.rc (required)
# plus: every case (but the hostile-* trees of tests/hostile.sh) has at
# least expected.txt, and every *-fires case has expected.json; whatever
# the goldens say, no run may exit 3 or die of a signal, and JSON and SARIF
# output must parse (so that regenerating the goldens cannot record a
# crash).  maillint's own version in JSON and SARIF is compared as
# @VERSION@, so that a release does not rewrite every golden.
#   args   extra command-line arguments, when present
# MAILLINT_UPDATE=1 rewrites the expected files from the current output.
. "$(dirname "$0")/lib.sh"

fixtures="$top_srcdir/fixtures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
MODES="dump txt json sarif gcc"
need jq
VERSION=$("$MAILLINT" --version | sed 's/^maillint //')

# run_case DIR MODE - one run, compared with its three goldens
run_case() {
	dir=$1 mode=$2 exp=$1/expected.$2
	name=$(basename "$dir")
	args=
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	case $mode in
	dump) set -- --dump ;;
	txt) set -- ;;
	json) set -- --format json ;;
	sarif) set -- --format sarif ;;
	gcc) set -- --format gcc ;;
	esac
	# shellcheck disable=SC2086
	(cd "$dir" && "$MAILLINT" --root . "$@" $args) >"$tmp/raw" 2>"$tmp/err"
	rc=$?
	case $mode in
	json|sarif)
		sed "s/\"\(version\|semanticVersion\)\": \"$VERSION\"/\"\1\": \"@VERSION@\"/" \
		    "$tmp/raw" >"$tmp/out" ;;
	*) cp "$tmp/raw" "$tmp/out" ;;
	esac
	if [ "$rc" -gt 2 ]; then
		not_ok "$name ($mode): exit status $rc (a crash or an internal error)"
		head -5 "$tmp/err"
		return
	fi
	case $mode in
	json|sarif)
		if ! jq -e 'type == "object"' "$tmp/raw" >/dev/null 2>&1; then
			not_ok "$name ($mode): stdout is not a JSON document"
			return
		fi ;;
	esac
	if [ -n "${MAILLINT_UPDATE:-}" ]; then
		cp "$tmp/out" "$exp"
		if [ -s "$tmp/err" ]; then cp "$tmp/err" "$exp.err"; else rm -f "$exp.err"; fi
		echo "$mode $rc" >>"$tmp/rc.new"
	fi
	bad=
	if ! diff -u "$exp" "$tmp/out" >"$tmp/diff"; then
		bad="stdout differs from expected.$mode"
	elif [ -f "$exp.err" ] && ! diff -u "$exp.err" "$tmp/err" >"$tmp/diff"; then
		bad="stderr differs from expected.$mode.err"
	elif [ ! -f "$exp.err" ] && [ -s "$tmp/err" ]; then
		bad="stderr not empty (no expected.$mode.err)"
		sed 's/^/+/' "$tmp/err" >"$tmp/diff"
	else
		want=$(awk -v m="$mode" '$1 == m { print $2 }' "$dir/expected.rc" 2>/dev/null)
		if [ -z "$want" ]; then
			bad="no \"$mode STATUS\" line in expected.rc"
			: >"$tmp/diff"
		elif [ "$want" != "$rc" ]; then
			bad="exit status $rc, want $want"
			: >"$tmp/diff"
		fi
	fi
	if [ -n "$bad" ]; then
		not_ok "$name ($mode): $bad"
		head -40 "$tmp/diff"
		return
	fi
	ok "$name ($mode)"
}

for dir in "$fixtures"/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	case $name in hostile-*) continue ;; esac	# tests/hostile.sh
	[ -d "$dir/etc" ] || [ -f "$dir/args" ] || continue
	if [ ! -f "$dir/expected.txt" ]; then
		not_ok "$name: no expected.txt"
		continue
	fi
	case $name in
	*-fires) [ -f "$dir/expected.json" ] || not_ok "$name: no expected.json" ;;
	esac
	rm -f "$tmp/rc.new"
	for mode in $MODES; do
		[ -f "$dir/expected.$mode" ] && run_case "$dir" "$mode"
	done
	[ -n "${MAILLINT_UPDATE:-}" ] && mv "$tmp/rc.new" "$dir/expected.rc"
done
finish
