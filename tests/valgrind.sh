#!/bin/sh
# valgrind on the real corpus and every fixture: no invalid access, no
# uninitialised read, no leak (any kind). Run by `make check-valgrind` and CI.
. "$(dirname "$0")/lib.sh"

: "${CORPUS:=$top_srcdir/../shared/corpus}"
if ! command -v valgrind >/dev/null 2>&1; then
	not_ok "valgrind is not installed (sh .ci/deps test)"
	finish
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

vg() { # name args...
	name=$1
	shift
	valgrind -q --leak-check=full --show-leak-kinds=all \
	    --errors-for-leak-kinds=all --error-exitcode=99 \
	    "$MAILLINT" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 99 ] || [ $rc -gt 128 ] || [ $rc -eq 3 ]; then
		not_ok "$name: exit $rc"
		grep '^==' "$tmp/err" | head -30
	else
		ok "$name (exit $rc)"
	fi
}

for set in "$CORPUS"/*/; do
	set=${set%/}
	vg "corpus/$(basename "$set")" "$set"
	vg "corpus/$(basename "$set") --format sarif" --format sarif "$set"
done
for dir in "$top_srcdir"/fixtures/*/; do
	dir=${dir%/}
	[ -d "$dir/etc" ] || continue
	case $(basename "$dir") in hostile-*) continue ;; esac	# hostile.sh
	vg "fixture/$(basename "$dir") --dump" --dump --format json --root "$dir"
done
# --diff on every case that has fixes; --fix (writing, then linting
# again) on a copy of one case in four, to keep the run short
i=0
for dir in "$top_srcdir"/fixtures/*-fires/; do
	dir=${dir%/}
	n=$(basename "$dir")
	vg "fixture/$n --diff" --diff --root "$dir"
	i=$((i + 1))
	[ $((i % 4)) -eq 1 ] || continue
	rm -rf "$tmp/fix" && mkdir -p "$tmp/fix" && cp -R "$dir/etc" "$tmp/fix/"
	vg "fixture/$n --fix" --fix --root "$tmp/fix"
done
vg "--list-rules" --list-rules --format json
vg "--explain" --explain PF-TLS-002
vg "--explain unknown id" --explain NO-SUCH-RULE
vg "unknown option" --no-such-option
vg "missing root" --root /nonexistent/maillint-root
finish
