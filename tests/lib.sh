# Shared helpers for the shell test scripts (sourced).
# Each script counts its cases and ends with the line "N passed, N failed"
# (plus ", N skipped" when some were skipped), and exits non-zero on failure.

: "${MAILLINT:=$(pwd)/maillint}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
export MAILLINT_DATADIR="${MAILLINT_DATADIR:-$top_srcdir}"
# maillint speaks the language of LANG, LC_MESSAGES, LC_ALL or LANGUAGE
# (README, Languages): the goldens are English whatever the caller's is;
# tests/i18n.sh and the Dutch fixtures ask for Dutch themselves.
unset LANGUAGE LC_ALL LC_MESSAGES
LANG=C.UTF-8
export LANG
# The real-world corpus: $CORPUS, else ../shared/corpus beside the clone.
corpus_given=${CORPUS:+yes}
: "${CORPUS:=$top_srcdir/../shared/corpus}"

t_pass=0
t_fail=0
t_skip=0

ok() { t_pass=$((t_pass + 1)); echo "ok - $*"; }
not_ok() { t_fail=$((t_fail + 1)); echo "not ok - $*"; }
skip() { t_skip=$((t_skip + 1)); echo "skip - $*"; }

# finish - print the summary line and exit with the right status
finish() {
	if [ "$t_skip" -gt 0 ]; then
		echo "$t_pass passed, $t_fail failed, $t_skip skipped"
	else
		echo "$t_pass passed, $t_fail failed"
	fi
	[ "$t_fail" -eq 0 ]
}

# need TOOL... - every TOOL is installed, else one failure, the summary
# line and exit 1 (the script cannot run without them)
need() {
	_missing=
	for _t in "$@"; do
		command -v "$_t" >/dev/null 2>&1 || _missing="$_missing $_t"
	done
	[ -z "$_missing" ] && return 0
	not_ok "not installed:$_missing (sh .ci/deps test)"
	finish
	exit 1
}

# corpus_hint - the one line a test prints when the real-world corpus
# (../shared/corpus beside the clone, or $CORPUS) is not there
corpus_hint() {
	echo "corpus not found at $CORPUS: corpus checks skipped (set CORPUS=/path/to/shared/corpus to run them)"
}

# have_corpus - the corpus is there; a CORPUS= naming no directory is a
# failure of its own (a mistyped path must not pass as a skip)
have_corpus() {
	[ -d "$CORPUS" ] && return 0
	[ -n "$corpus_given" ] && not_ok "CORPUS=$CORPUS is not a directory"
	return 1
}

# skip_all - the whole script needs the corpus: say so, exit 77 (SKIP),
# unless a failure was counted (CORPUS= naming nothing)
skip_all() {
	echo "SKIP: $*"
	[ "$t_fail" -eq 0 ] || { finish; exit 1; }
	exit 77
}

# collapse - squeeze runs of blanks and trim (postconf prints values so)
collapse() { sed -e 's/[[:space:]][[:space:]]*/ /g' -e 's/^ //' -e 's/ $//'; }
