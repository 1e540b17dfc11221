#!/bin/sh
# valgrind on the real corpus and every fixture: no invalid access, no
# uninitialised read, no leak (any kind). Run by `make check-valgrind` and CI.
# Runs VALGRIND_JOBS (default 2) valgrind processes at a time; the results
# are printed in order once all have finished.
. "$(dirname "$0")/lib.sh"

: "${VALGRIND_JOBS:=2}"
need valgrind
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# vg NAME ARGS... - start one run in $tmp/jobN (the tree to --fix, if
# any, is already there); every VALGRIND_JOBS runs, wait for the batch
n=0
vg() {
	name=$1
	shift
	d=$tmp/job$n
	mkdir -p "$d"
	(
		valgrind -q ${vg_children:+--trace-children=yes} \
		    --leak-check=full --show-leak-kinds=all \
		    --errors-for-leak-kinds=all --error-exitcode=99 \
		    --suppressions="$top_srcdir/tests/valgrind.supp" \
		    "$MAILLINT" "$@" >"$d/out" 2>"$d/err"
		rc=$?
		if [ "${vg_rc3:-}" = 1 ] && [ $rc -eq 3 ] &&
		    ! grep -q '^==[0-9]*== \(Invalid\|Conditional\|Use of uninit\|Syscall param\)' "$d/err"; then
			# a worker made to die (abort: its memory is not freed,
			# by design); everything else clean
			echo "ok - $name (exit $rc)"
		elif [ $rc -eq 99 ] || [ $rc -gt 128 ] || [ $rc -eq 3 ]; then
			echo "not ok - $name: exit $rc"
			grep '^==' "$d/err" | head -30
		else
			echo "ok - $name (exit $rc)"
		fi >"$d/result"
		rm -rf "$d/out" "$d/tree"
	) &
	n=$((n + 1))
	[ $((n % VALGRIND_JOBS)) -ne 0 ] || wait
}

if have_corpus; then
	for set in "$CORPUS"/*/; do
		set=${set%/}
		vg "corpus/$(basename "$set")" --format json "$set"
		vg "corpus/$(basename "$set") --format sarif" --format sarif "$set"
	done
else
	corpus_hint
fi
# Every fixture once: a -fires case with --diff (lint, fixes, diff), any
# other with a JSON lint; --dump on one case in four, and --fix (writing,
# then linting again) on a copy of one -fires case in four.
# VALGRIND_EVERY=N takes one fixture in N (CI: 2, the half alternating by
# day, so that two days cover them all); the default takes all.
every=${VALGRIND_EVERY:-1}
offset=0
[ "$every" -gt 1 ] && offset=$(( $(date +%j | sed 's/^0*//') % every ))
i=0 f=0
for dir in "$top_srcdir"/fixtures/*/; do
	dir=${dir%/}
	[ -d "$dir/etc" ] || continue
	c=$(basename "$dir")
	case $c in hostile-*) continue ;; esac	# hostile.sh
	i=$((i + 1))
	[ $((i % every)) -eq "$offset" ] || continue
	case $c in
	*-fires)
		vg "fixture/$c --diff" --diff --root "$dir"
		f=$((f + 1))
		if [ $((f % 4)) -eq 1 ]; then
			mkdir -p "$tmp/job$n/tree" && cp -R "$dir/etc" "$tmp/job$n/tree/"
			vg "fixture/$c --fix" --fix --root "$tmp/job$n/tree"
		fi
		;;
	*)
		vg "fixture/$c" --format json --root "$dir"
		;;
	esac
	[ $((i % 4)) -eq 1 ] && vg "fixture/$c --dump" --dump --format json --root "$dir"
done
vg "--list-rules" --list-rules --format json
vg "--explain" --explain PF-TLS-002
vg "--explain unknown id" --explain NO-SUCH-RULE
vg "unknown option" --no-such-option
vg "missing root" --root /nonexistent/maillint-root
# --fleet: the parent and its worker processes (one of them made to die)
mkdir -p "$tmp/fleet"
for c in debian-stock corpus-like-weak dc-tls-002-fires; do
	cp -R "$top_srcdir/fixtures/$c" "$tmp/fleet/$c"
done
command -v openssl >/dev/null 2>&1 &&
    sh "$top_srcdir/bench/gen-fleet.sh" "$tmp/fleet" 2
mkdir "$tmp/fleet/empty"
vg_children=1
vg "--fleet -j 2" --fleet --format json -j 2 "$tmp/fleet"
vg_rc3=1
MAILLINT_TEST_FLEET_ABORT=corpus-like-weak vg "--fleet, a worker dies" --fleet -j 2 "$tmp/fleet"
vg_rc3=
vg_children=
# --merge: records read back (good, and with bad lines), NDJSON and text
"$MAILLINT" --fleet --format json "$tmp/fleet" >"$tmp/fleet.ndjson" 2>/dev/null
{ head -2 "$tmp/fleet.ndjson"; echo '{"type":"host","host":'; echo '[1]'
  echo '{"type":"host","host":"x","status":0,"findings":[{"rule":1}]}'; } >"$tmp/bad.ndjson"
vg "--merge" --merge --format json "$tmp/fleet.ndjson" "$tmp/fleet.ndjson"
vg "--merge, text, bad lines" --merge "$tmp/fleet.ndjson" "$tmp/bad.ndjson"
wait

k=0
while [ $k -lt $n ]; do
	if [ ! -f "$tmp/job$k/result" ]; then
		not_ok "job $k gave no result"
	else
		cat "$tmp/job$k/result"
		if head -1 "$tmp/job$k/result" | grep -q '^ok - '; then
			t_pass=$((t_pass + 1))
		else
			t_fail=$((t_fail + 1))
		fi
	fi
	k=$((k + 1))
done
finish
