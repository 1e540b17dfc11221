#!/bin/sh
# Languages (README, Languages): the message catalogue and what it does.
#   catalogue  po/nl.po, merged with po/maillint.pot, has no untranslated
#              and no fuzzy entry, and msgfmt -c accepts it
#   template   po/maillint.pot is what po/update-pot.sh makes of the
#              rules and the sources today
#   placeholders  every msgstr keeps exactly the {placeholders} of its msgid
#   Dutch      on every *-fires fixture, --lang nl and LANG=nl_NL.UTF-8
#              (a locale this machine need not have) give each finding a
#              message_localized that is not the English one, in JSON beside
#              the English message, which is the same as without them; the
#              text format prints the Dutch; every rule that fires has a
#              Dutch message somewhere; --explain and the summary are Dutch
#   English    no LANG, LANG=C.UTF-8 and --lang en (also over LANG=nl_NL)
#              give the goldens (expected.txt, expected.json) byte for byte;
#              no message_localized in English JSON
#   usage      --lang xx is a usage error (exit 2) naming the languages
. "$(dirname "$0")/lib.sh"

need jq msgfmt msgmerge msgattrib msgcat xgettext python3
po="$top_srcdir/po"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- the catalogue ---------------------------------------------------------
if msgmerge --quiet -o "$tmp/nl.po" "$po/nl.po" "$po/maillint.pot" 2>"$tmp/err"; then
	msgattrib --untranslated --no-obsolete "$tmp/nl.po" >"$tmp/untr" 2>&1
	msgattrib --only-fuzzy --no-obsolete "$tmp/nl.po" >"$tmp/fuzzy" 2>&1
	n_u=$(grep -c '^msgid ' "$tmp/untr")
	n_f=$(grep -c '^msgid ' "$tmp/fuzzy")
	# the header is one entry of each output when anything is listed
	[ "$n_u" -eq 0 ] && ok "nl.po: no untranslated entry" ||
	    { not_ok "nl.po: untranslated entries"; grep -A2 '^msgid ' "$tmp/untr" | head -20; }
	[ "$n_f" -eq 0 ] && ok "nl.po: no fuzzy entry" ||
	    { not_ok "nl.po: fuzzy entries"; grep -A2 '^msgid ' "$tmp/fuzzy" | head -20; }
	if msgfmt -c --statistics -o /dev/null "$tmp/nl.po" 2>"$tmp/stat" &&
	    ! grep -q 'untranslated\|fuzzy' "$tmp/stat"; then
		ok "nl.po: msgfmt -c: $(cat "$tmp/stat")"
	else
		not_ok "nl.po: msgfmt -c"; cat "$tmp/stat"
	fi
	n_pot=$(grep -c '^msgid ' "$po/maillint.pot")
	n_po=$(grep -c '^msgid ' "$po/nl.po")
	[ "$n_po" -eq "$n_pot" ] && ok "nl.po: $n_po entries, as many as the template" ||
	    not_ok "nl.po: $n_po entries, the template $n_pot (make update-po)"
else
	not_ok "msgmerge nl.po maillint.pot"; cat "$tmp/err"
fi

# --- the template is current -----------------------------------------------
if python3 -c 'import yaml' 2>/dev/null; then
	if sh "$po/update-pot.sh" "$top_srcdir" "$tmp/maillint.pot" 2>"$tmp/err" &&
	    diff -u "$po/maillint.pot" "$tmp/maillint.pot" >"$tmp/diff"; then
		ok "maillint.pot matches the rules and the sources"
	else
		not_ok "maillint.pot is out of date (make update-po)"
		head -30 "$tmp/err" "$tmp/diff"
	fi
else
	not_ok "python3 has no PyYAML (python3-yaml): cannot check maillint.pot"
fi

# --- placeholders ------------------------------------------------------------
if python3 "$po/po-check.py" "$po/nl.po" >"$tmp/ph" 2>&1; then
	ok "nl.po: every msgstr keeps its msgid's {placeholders} ($(cat "$tmp/ph"))"
else
	not_ok "nl.po: placeholders differ"; head -20 "$tmp/ph"
fi

# --- Dutch output ------------------------------------------------------------
# lint DIR OUT [ENV...] [-- ARGS...] - maillint --root DIR --format json
lint() {
	_d=$1 _o=$2
	shift 2
	_e=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do _e="$_e $1"; shift; done
	[ $# -gt 0 ] && shift
	_a=
	[ -f "$_d/args" ] && _a=$(cat "$_d/args")
	# shellcheck disable=SC2086
	(cd "$_d" && env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG $_e \
	    "$MAILLINT" --root . "$@" $_a) >"$_o" 2>/dev/null
}

: >"$tmp/fired"
: >"$tmp/dutch"
for dir in "$top_srcdir"/fixtures/*-fires; do
	name=$(basename "$dir")
	case $name in hostile-*|i18n-*) continue ;; esac
	[ -f "$dir/expected.json" ] || continue
	lint "$dir" "$tmp/en.json" -- --format json
	jq -r '.findings[].rule' "$tmp/en.json" >>"$tmp/fired"
	for how in lang env; do
		if [ $how = lang ]; then
			lint "$dir" "$tmp/nl.json" -- --format json --lang nl
			lint "$dir" "$tmp/nl.txt" -- --lang nl
		else
			lint "$dir" "$tmp/nl.json" LANG=nl_NL.UTF-8 -- --format json
			lint "$dir" "$tmp/nl.txt" LANG=nl_NL.UTF-8
		fi
		# English message unchanged; a Dutch one beside it on every finding
		if ! jq -e --slurpfile en "$tmp/en.json" '
		    [.findings[].message] == [$en[0].findings[].message] and
		    all(.findings[]; has("message_localized"))' \
		    "$tmp/nl.json" >/dev/null; then
			not_ok "$name ($how): message changed or message_localized missing"
			continue
		fi
		jq -r '.findings[] | select(.message_localized != .message) |
		    .rule' "$tmp/nl.json" >>"$tmp/dutch"
		same=$(jq -r '.findings[] | select(.message_localized == .message) |
		    .rule' "$tmp/nl.json" | sort -u | tr '\n' ' ')
		# the text format prints the Dutch messages
		missing=$(jq -r '.findings[].message_localized' "$tmp/nl.json" |
		    while IFS= read -r m; do
			grep -qF -- "$(printf '%s' "$m" | cut -c1-60)" "$tmp/nl.txt" ||
			    echo x
		    done | wc -l)
		if [ -n "$same" ]; then
			not_ok "$name ($how): English message_localized for $same"
		elif [ "$missing" -ne 0 ]; then
			not_ok "$name ($how): $missing Dutch messages not in the text output"
		else
			ok "$name ($how): Dutch"
		fi
	done
done
fired=$(sort -u "$tmp/fired" | wc -l)
untr=$(sort -u "$tmp/fired" | while read -r r; do
	grep -qx "$r" "$tmp/dutch" || printf '%s ' "$r"; done)
[ -z "$untr" ] && ok "all $fired rules that fire in the fixtures speak Dutch" ||
    not_ok "rules without a Dutch message: $untr"

# --explain and the summary
d="$top_srcdir/fixtures/pf-tls-002-fires"
lint "$d" "$tmp/x" -- --explain PF-TLS-002 --lang nl
grep -q '^ernst: ' "$tmp/x" && grep -q '^bronnen:' "$tmp/x" &&
    ! grep -q '^severity: ' "$tmp/x" && ok "--explain --lang nl: Dutch headings" ||
    not_ok "--explain --lang nl: $(head -3 "$tmp/x")"
lint "$d" "$tmp/x" LANG=nl_NL.UTF-8
tail -1 "$tmp/x" | grep -q '^maillint: [0-9]* fout' &&
    ok "LANG=nl_NL.UTF-8: Dutch summary ($(tail -1 "$tmp/x"))" ||
    not_ok "LANG=nl_NL.UTF-8 summary: $(tail -1 "$tmp/x")"
lint "$d" "$tmp/x" LANG=C.UTF-8 LANGUAGE=nl
tail -1 "$tmp/x" | grep -q '^maillint: [0-9]* fout' &&
    ok "LANG=C.UTF-8 LANGUAGE=nl: Dutch" || not_ok "LANGUAGE=nl: $(tail -1 "$tmp/x")"
lint "$d" "$tmp/x" LANG=C LANGUAGE=nl
tail -1 "$tmp/x" | grep -q '^maillint: [0-9]* error' &&
    ok "LANG=C LANGUAGE=nl: English (gettext ignores LANGUAGE in C)" ||
    not_ok "LANG=C LANGUAGE=nl: $(tail -1 "$tmp/x")"

# --- English unchanged -------------------------------------------------------
n=0 bad=
for dir in "$top_srcdir"/fixtures/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	case $name in hostile-*|i18n-*) continue ;; esac
	[ -f "$dir/expected.txt" ] || continue
	for how in none c en en-over-nl; do
		case $how in
		none) lint "$dir" "$tmp/out" ;;
		c) lint "$dir" "$tmp/out" LANG=C.UTF-8 ;;
		en) lint "$dir" "$tmp/out" -- --lang en ;;
		en-over-nl) lint "$dir" "$tmp/out" LANG=nl_NL.UTF-8 LANGUAGE=nl -- --lang en ;;
		esac
		cmp -s "$tmp/out" "$dir/expected.txt" || bad="$bad $name($how)"
	done
	if [ -f "$dir/expected.json" ]; then
		lint "$dir" "$tmp/out" LANG=C.UTF-8 -- --format json
		grep -q '"message_localized"' "$tmp/out" && bad="$bad $name(json)"
	fi
	n=$((n + 1))
done
[ -z "$bad" ] && ok "English output unchanged on $n fixtures (no LANG, LANG=C.UTF-8, --lang en, --lang en over LANG=nl_NL)" ||
    not_ok "English output changed:$bad"

# --- usage -------------------------------------------------------------------
"$MAILLINT" --lang xx --list-rules >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q -- '--lang: unknown language "xx" (en, nl)' "$tmp/err" &&
    ok "--lang xx: exit 2, $(cat "$tmp/err")" || not_ok "--lang xx: exit $rc, $(cat "$tmp/err")"
finish
